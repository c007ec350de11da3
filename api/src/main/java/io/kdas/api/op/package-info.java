/**
 * The candidate-operation extension point: a named operation that the architecture search can
 * place in an add-on layer. Operations build their ops through a {@link
 * io.kdas.api.op.LayerContext}, which owns variables and batch-norm state (so the runtime can share
 * weights between graphs and children), and report their cost without building anything.
 * {@link io.kdas.api.op.Layers} has the usual building blocks.
 */
package io.kdas.api.op;
