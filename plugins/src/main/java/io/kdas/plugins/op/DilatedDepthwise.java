package io.kdas.plugins.op;

import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.Initializer;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.OperationCost;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TFloat32;

/**
 * A "SAME"-padded k x k depthwise convolution (channel multiplier 1, no bias) with a dilation,
 * built from undilated ops so that its gradient is right.
 *
 * <p>Why not {@code DepthwiseConv2dNative} with {@code dilations}: its forward pass is right, but
 * the C++ gradient that {@code Graph.addGradients} uses ignores the dilations (as does that of
 * {@code Conv2D}), so the kernel would be trained with the gradient of an undilated convolution.
 * Instead the input is padded explicitly as "SAME" would pad it, and then
 *
 * <ul>
 *   <li>stride 1: space-to-depth with block d puts each of the d x d phases of the map into its
 *       own channels; an undilated "VALID" depthwise convolution of the kernel tiled d^2 times
 *       convolves each phase, and depth-to-space interleaves the phases back (the map is padded
 *       to a multiple of d first and cropped to its size after);
 *   <li>stride d: a dilated convolution with a stride equal to its dilation only reads every d-th
 *       row and column, so it is an undilated "VALID" convolution of the strided slice.
 * </ul>
 *
 * Other strides are refused. The variable is the usual [k, k, channels, 1] kernel.
 */
final class DilatedDepthwise {

  private DilatedDepthwise() {}

  /** Builds the convolution; the variable is {@code name}. */
  static Operand<TFloat32> build(LayerContext context, String name, Operand<TFloat32> x,
      int kernel, int stride, int dilation) {
    Shape shape = x.shape();
    int channels = (int) shape.get(3);
    Axis rows = Axis.of((int) shape.get(1), kernel, stride, dilation);
    Axis cols = Axis.of((int) shape.get(2), kernel, stride, dilation);
    Operand<TFloat32> w = context.variable(
        name, Shape.of(kernel, kernel, channels, 1), Initializer.HE_NORMAL, true);
    Ops tf = context.tf();
    Operand<TFloat32> padded = tf.pad(x, tf.constant(new int[][] {
        {0, 0}, {rows.before, rows.after}, {cols.before, cols.after}, {0, 0}}), tf.constant(0f));
    List<Long> ones = List.of(1L, 1L, 1L, 1L);
    if (stride == dilation) {
      Operand<TFloat32> strided = tf.stridedSlice(padded, tf.constant(new int[4]),
          tf.constant(new int[4]), tf.constant(new int[] {1, dilation, dilation, 1}),
          StridedSlice.beginMask(0b1111L), StridedSlice.endMask(0b1111L));
      return tf.nn.depthwiseConv2dNative(strided, w, ones, "VALID");
    }
    Operand<TFloat32> phases = tf.nn.spaceToDepth(padded, (long) dilation);
    Operand<TFloat32> tiled = tf.tile(w, tf.constant(new int[] {1, 1, dilation * dilation, 1}));
    Operand<TFloat32> y =
        tf.nn.depthToSpace(tf.nn.depthwiseConv2dNative(phases, tiled, ones, "VALID"),
            (long) dilation);
    if (rows.computed == rows.out && cols.computed == cols.out) {
      return y;
    }
    return tf.slice(y, tf.constant(new int[4]), tf.constant(new int[] {-1, rows.out, cols.out,
        -1}));
  }

  /** Cost of {@link #build}: the kernel and the multiply-accumulates of the convolution run. */
  static OperationCost cost(FeatureShape input, int kernel, int stride, int dilation) {
    Axis rows = Axis.of(input.height(), kernel, stride, dilation);
    Axis cols = Axis.of(input.width(), kernel, stride, dilation);
    long weights = (long) kernel * kernel * input.channels();
    return new OperationCost(weights, 0, weights * rows.computed * cols.computed);
  }

  /**
   * The geometry along one axis.
   *
   * @param before zeros padded before
   * @param after zeros padded after
   * @param out the output size, ceil(size / stride)
   * @param computed the output positions the convolution computes (before cropping to out)
   */
  private record Axis(int before, int after, int out, int computed) {

    static Axis of(int size, int kernel, int stride, int dilation) {
      if (dilation < 2 || (stride != 1 && stride != dilation)) {
        throw new IllegalArgumentException("a dilated depthwise convolution needs a dilation of"
            + " at least 2 and a stride of 1 or the dilation; got dilation " + dilation
            + ", stride " + stride);
      }
      int out = (size + stride - 1) / stride;
      int span = (kernel - 1) * dilation + 1;
      int total = Math.max((out - 1) * stride + span - size, 0);
      int before = total / 2;
      int after = total - before;
      if (stride == dilation) {
        return new Axis(before, after, out, out);
      }
      int padded = size + total;
      int extra = (dilation - padded % dilation) % dilation;
      int perPhase = (padded + extra) / dilation - kernel + 1;
      return new Axis(before, after + extra, out, perPhase * dilation);
    }
  }
}
