package io.kdas.plugins.op;

import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** Argument checks and the 1x1 projection shared by the built-in operations. */
final class BuildingBlocks {

  private BuildingBlocks() {}

  /**
   * Checks the arguments of {@code build}.
   *
   * @throws IllegalArgumentException naming the operation and what is wrong
   */
  static void checkBuild(String op, Operand<TFloat32> input, int outChannels, int stride) {
    Shape shape = input.shape();
    if (shape.isUnknown() || shape.numDimensions() != 4 || shape.get(1) <= 0
        || shape.get(2) <= 0 || shape.get(3) <= 0) {
      throw new IllegalArgumentException(op + ": the input must be NHWC with known height, width"
          + " and channels, got " + shape);
    }
    checkCost(op, outChannels, stride);
  }

  /**
   * Checks the arguments of {@code cost}.
   *
   * @throws IllegalArgumentException naming the operation and what is wrong
   */
  static void checkCost(String op, int outChannels, int stride) {
    if (outChannels <= 0) {
      throw new IllegalArgumentException(op + ": outChannels must be positive, got " + outChannels);
    }
    if (stride != 1 && stride != 2) {
      throw new IllegalArgumentException(op + ": stride must be 1 or 2, got " + stride);
    }
  }

  /**
   * A 1x1 convolution with the stride to {@code outChannels} (variable {@code conv}) followed by
   * batch norm ({@code bn}), optionally preceded by a ReLU.
   */
  static Operand<TFloat32> projection(
      LayerContext context, Operand<TFloat32> x, int outChannels, int stride, boolean relu) {
    Operand<TFloat32> in = relu ? context.tf().nn.relu(x) : x;
    return context.batchNorm("bn", Layers.conv2d(context, "conv", in, 1, outChannels, stride, 1));
  }

  /** Cost of {@link #projection}: the 1x1 convolution and the batch norm. */
  static OperationCost projectionCost(FeatureShape input, int outChannels, int stride) {
    return Layers.conv2dCost(input, 1, outChannels, stride)
        .plus(Layers.batchNormCost(outChannels));
  }
}
