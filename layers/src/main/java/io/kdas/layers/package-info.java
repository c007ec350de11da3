/**
 * What candidate operations and backbones are built through: the {@link
 * io.kdas.layers.GraphLayerContext} and the {@link io.kdas.layers.VariableStore} that owns a
 * graph's variables (seeded initialization, reuse by name, batch-norm state). A module of its own
 * so that the runtime and the plugin conformance kit use the same classes.
 */
package io.kdas.layers;
