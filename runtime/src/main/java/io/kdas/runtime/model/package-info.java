/**
 * Building networks as TensorFlow graphs: a {@link io.kdas.runtime.model.VariableStore} that owns
 * a graph's variables (seeded initialization, reuse by name, batch-norm state), the {@link
 * io.kdas.runtime.model.GraphLayerContext} that plugins and backbones build through, and the
 * CIFAR-style {@link io.kdas.runtime.model.ResNet}.
 */
package io.kdas.runtime.model;
