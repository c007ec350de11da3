/**
 * Built-in candidate operations of the add-on layers: {@code identity}, {@code conv-3x3}, {@code
 * conv-5x5}, {@code sep-conv-3x3}, {@code sep-conv-5x5}, {@code dil-conv-3x3}, {@code
 * max-pool-3x3}, {@code avg-pool-3x3} and {@code zero}.
 *
 * <p>Shared conventions:
 *
 * <ul>
 *   <li>Convolution-type operations are ReLU, convolution ("SAME", with the stride), batch norm:
 *       the ENAS/DARTS order, whose output is un-rectified so that it can be summed with a
 *       residual or with the other inputs of a layer. Convolutions have no bias (the batch norm
 *       has an offset).
 *   <li>Every operation builds in a sub-scope of the context it is given, named after itself
 *       (variables {@code conv-3x3/conv}, {@code conv-3x3/bn/gamma}, ...), so the candidates of
 *       one layer neither collide nor silently share weights when a caller hands them all the
 *       layer's context; building the same operation twice in one context shares its weights.
 *   <li>{@code cost()} is exact: the trainable scalars and batch-norm moving statistics the
 *       operation creates, and the multiply-accumulates per example of its convolutions; pooling,
 *       ReLU, batch norm and padding count zero. The conformance kit checks all three against
 *       the built graph.
 * </ul>
 */
package io.kdas.plugins.op;
