/**
 * The candidate-operation extension point: a named operation that the architecture search can
 * place in an add-on layer. Operations build their ops through a {@link
 * io.kdas.api.op.LayerContext} handed to each call, which owns variables and batch-norm state (so
 * the runtime can share weights between graphs and children), and report their cost without
 * building anything. Feature maps are float32 NHWC with known height, width and channels and a
 * batch size that may be unknown. {@link io.kdas.api.op.Layers} has the usual building blocks;
 * note its caveat: TensorFlow's gradients of dilated convolutions ignore the dilation.
 */
package io.kdas.api.op;
