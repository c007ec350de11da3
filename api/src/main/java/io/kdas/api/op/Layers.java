package io.kdas.api.op;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;

/** Building blocks for operations and backbones, built through a {@link LayerContext}. */
public final class Layers {

  private Layers() {}

  /** The static channel count (last dimension) of an NHWC operand. */
  public static int channels(Operand<TFloat32> x) {
    return (int) x.shape().get(x.shape().numDimensions() - 1);
  }

  /**
   * A "SAME"-padded k x k convolution without bias.
   *
   * @param dilation must be 1: TensorFlow's C++ gradient of a dilated Conv2D ignores the dilation
   *     (the forward pass is right, training is silently wrong), so dilated convolutions must be
   *     built from undilated ops (space-to-batch or strided slices)
   * @throws IllegalArgumentException for a dilation other than 1
   */
  public static Operand<TFloat32> conv2d(
      LayerContext context, String name, Operand<TFloat32> x, int kernel, int outChannels,
      int stride, int dilation) {
    requireUndilated(dilation);
    Operand<TFloat32> w =
        context.variable(
            name, Shape.of(kernel, kernel, channels(x), outChannels), Initializer.HE_NORMAL, true);
    return context
        .tf()
        .nn
        .conv2d(
            x,
            w,
            List.of(1L, (long) stride, (long) stride, 1L),
            "SAME",
            Conv2d.dilations(List.of(1L, (long) dilation, (long) dilation, 1L)));
  }

  /**
   * A "SAME"-padded k x k depthwise convolution (channel multiplier 1) without bias.
   *
   * @param dilation must be 1, for the reason given at {@link #conv2d}
   * @throws IllegalArgumentException for a dilation other than 1
   */
  public static Operand<TFloat32> depthwiseConv2d(
      LayerContext context, String name, Operand<TFloat32> x, int kernel, int stride,
      int dilation) {
    requireUndilated(dilation);
    Operand<TFloat32> w =
        context.variable(
            name, Shape.of(kernel, kernel, channels(x), 1), Initializer.HE_NORMAL, true);
    return context
        .tf()
        .nn
        .depthwiseConv2dNative(
            x,
            w,
            List.of(1L, (long) stride, (long) stride, 1L),
            "SAME",
            DepthwiseConv2dNative.dilations(List.of(1L, (long) dilation, (long) dilation, 1L)));
  }

  /** A dense layer with bias on a [batch, features] input. */
  public static Operand<TFloat32> dense(
      LayerContext context, String name, Operand<TFloat32> x, int outFeatures) {
    int in = (int) x.shape().get(1);
    LayerContext scope = context.scope(name);
    Operand<TFloat32> w =
        scope.variable("kernel", Shape.of(in, outFeatures), Initializer.FAN_IN_UNIFORM, true);
    Operand<TFloat32> b =
        scope.variable("bias", Shape.of(outFeatures), Initializer.ZEROS, false);
    Ops tf = scope.tf();
    return tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
  }

  /** Global average pooling: NHWC to [batch, channels]. */
  public static Operand<TFloat32> globalAveragePool(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2}));
  }

  /** Cost of {@link #conv2d} (no batch norm) on this input. */
  public static OperationCost conv2dCost(
      FeatureShape input, int kernel, int outChannels, int stride) {
    FeatureShape out = input.strided(stride, outChannels);
    long weights = (long) kernel * kernel * input.channels() * outChannels;
    return new OperationCost(weights, 0, weights * out.height() * out.width());
  }

  /** Cost of {@link #depthwiseConv2d} on this input. */
  public static OperationCost depthwiseConv2dCost(FeatureShape input, int kernel, int stride) {
    FeatureShape out = input.strided(stride, input.channels());
    long weights = (long) kernel * kernel * input.channels();
    return new OperationCost(weights, 0, weights * out.height() * out.width());
  }

  private static void requireUndilated(int dilation) {
    if (dilation != 1) {
      throw new IllegalArgumentException("dilation " + dilation + " is not supported: "
          + "TensorFlow's gradients of dilated convolutions ignore the dilation");
    }
  }

  /** Cost of {@link LayerContext#batchNorm} over this many channels. */
  public static OperationCost batchNormCost(int channels) {
    return new OperationCost(2L * channels, 2L * channels, 0);
  }
}
