/**
 * Building networks as TensorFlow graphs: the CIFAR-style {@link io.kdas.runtime.model.ResNet},
 * the add-on layers a search puts on it, and the {@link io.kdas.runtime.model.ModelDefinition}
 * that builds the same network in every graph. Everything is built through a {@link
 * io.kdas.layers.GraphLayerContext} over a {@link io.kdas.layers.VariableStore} (module
 * kdas-layers), the context that plugins build through and that the conformance kit checks them
 * with.
 */
package io.kdas.runtime.model;
