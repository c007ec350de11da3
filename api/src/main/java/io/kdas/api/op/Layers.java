package io.kdas.api.op;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;

/**
 * Building blocks for operations and backbones, built through a {@link LayerContext} (ops in its
 * scope, variables from it), with matching cost functions for {@link CandidateOperation#cost}.
 *
 * <p>Known TensorFlow caveat: the C++ gradients of {@code Conv2D} and {@code
 * DepthwiseConv2dNative} ignore the dilation (the forward pass is right, training is silently
 * wrong), so the convolutions here refuse a dilation other than 1.
 */
public final class Layers {

  private Layers() {}

  /**
   * The static channel count (last dimension) of an NHWC operand.
   *
   * @param x an operand whose last dimension is known
   * @return its size
   */
  public static int channels(Operand<TFloat32> x) {
    return (int) x.shape().get(x.shape().numDimensions() - 1);
  }

  /**
   * A "SAME"-padded k x k convolution without bias; its kernel is the variable {@code name}
   * (He-normal, decayed). Cost: {@link #conv2dCost}.
   *
   * @param context the scope to build in
   * @param name the kernel's name, unique within the scope
   * @param x float32 NHWC input with known channels
   * @param kernel k
   * @param outChannels channels of the output
   * @param stride the stride in both directions
   * @param dilation must be 1: TensorFlow's C++ gradient of a dilated Conv2D ignores the dilation
   *     (the forward pass is right, training is silently wrong), so dilated convolutions must be
   *     built from undilated ops (space-to-batch or strided slices)
   * @return float32 NHWC [batch, ceil(h / stride), ceil(w / stride), outChannels]
   * @throws IllegalArgumentException for a dilation other than 1
   */
  public static Operand<TFloat32> conv2d(
      LayerContext context, String name, Operand<TFloat32> x, int kernel, int outChannels,
      int stride, int dilation) {
    requireUndilated(dilation);
    Operand<TFloat32> w =
        context.variable(
            name, Shape.of(kernel, kernel, channels(x), outChannels), Initializer.HE_NORMAL, true);
    Ops tf = context.tf();
    if (computedChannels(channels(x)) != channels(x)) {
      x = tf.pad(x, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 1}}), tf.constant(0f));
      w = tf.pad(w, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 1}, {0, 0}}), tf.constant(0f));
    }
    long step = stride;
    if (kernel == 1 && stride > 1) {
      // A strided 1x1 convolution reads every stride-th pixel ("SAME" pads nothing here): take
      // them first and convolve at stride 1. oneDNN's float32 filter gradient of the strided
      // form corrupts the heap for fewer than 16 input channels on 16x16 and larger maps
      // (TensorFlow 2.18, AVX-512), which a ResNet of width 8 hits in its shortcuts.
      x = tf.stridedSlice(x, tf.constant(new int[] {0, 0, 0, 0}),
          tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {1, stride, stride, 1}),
          StridedSlice.beginMask(15L), StridedSlice.endMask(15L));
      step = 1;
    }
    return tf
        .nn
        .conv2d(
            x,
            w,
            List.of(1L, step, step, 1L),
            "SAME",
            Conv2d.dilations(List.of(1L, (long) dilation, (long) dilation, 1L)));
  }

  /**
   * A "SAME"-padded k x k depthwise convolution (channel multiplier 1) without bias; its kernel is
   * the variable {@code name} (He-normal, decayed). Cost: {@link #depthwiseConv2dCost}.
   *
   * @param context the scope to build in
   * @param name the kernel's name, unique within the scope
   * @param x float32 NHWC input with known channels
   * @param kernel k
   * @param stride the stride in both directions
   * @param dilation must be 1, for the reason given at {@link #conv2d}
   * @return float32 NHWC [batch, ceil(h / stride), ceil(w / stride), channels of x]
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

  /**
   * A dense layer with bias on a [batch, features] input: variables {@code name/kernel}
   * (fan-in uniform, decayed) and {@code name/bias} (zeros, not decayed).
   *
   * @param context the scope to build in
   * @param name the layer's scope, unique within the context
   * @param x float32 [batch, features] with known features
   * @param outFeatures features of the output
   * @return float32 [batch, outFeatures]
   */
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

  /**
   * Global average pooling.
   *
   * @param tf the scope to build in
   * @param x float32 NHWC
   * @return float32 [batch, channels]
   */
  public static Operand<TFloat32> globalAveragePool(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2}));
  }

  /**
   * Cost of {@link #conv2d} (no batch norm) on this input.
   *
   * @param input the shape of one example's input
   * @param kernel k
   * @param outChannels channels of the output
   * @param stride the stride
   * @return k * k * in * out parameters, and k * k * out MACs per output pixel per channel
   *     {@link #conv2d} convolves (an odd count above one gets a zero channel)
   */
  public static OperationCost conv2dCost(
      FeatureShape input, int kernel, int outChannels, int stride) {
    FeatureShape out = input.strided(stride, outChannels);
    long weights = (long) kernel * kernel * input.channels() * outChannels;
    long computed = (long) kernel * kernel * computedChannels(input.channels()) * outChannels;
    return new OperationCost(weights, 0, computed * out.height() * out.width());
  }

  /**
   * The input channels {@link #conv2d} convolves: an odd count above one gets a zero channel.
   * oneDNN's bfloat16 convolution on AVX512-BF16 CPUs reads past an odd number of input channels
   * (an RGB image: 3), so its outputs are wrong and can be NaN; a zero channel in the input and
   * the kernel gives the same sums with an even count, in every precision.
   */
  private static int computedChannels(int channels) {
    return channels % 2 == 1 && channels > 1 ? channels + 1 : channels;
  }

  /**
   * Cost of {@link #depthwiseConv2d} on this input.
   *
   * @param input the shape of one example's input
   * @param kernel k
   * @param stride the stride
   * @return k * k * channels parameters, and as many MACs per output pixel
   */
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

  /**
   * Cost of {@link LayerContext#batchNorm} over this many channels.
   *
   * @param channels the channels normalized
   * @return 2 * channels parameters (scale, offset), 2 * channels state scalars (moving mean and
   *     variance), no MACs
   */
  public static OperationCost batchNormCost(int channels) {
    return new OperationCost(2L * channels, 2L * channels, 0);
  }
}
