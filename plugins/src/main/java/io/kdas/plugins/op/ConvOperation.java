package io.kdas.plugins.op;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * ReLU, a "SAME" k x k convolution with the stride to the output channels (no bias), batch norm:
 * the ENAS/DARTS order. The ReLU comes first so that the output stays un-rectified and can be
 * summed with a residual or with the other inputs of a layer, and the input of the convolution is
 * rectified whatever produced it; the batch norm makes a bias useless.
 *
 * <p>Variables, in the sub-scope named after the operation: {@code conv} [k, k, C_in, C_out] and
 * the batch norm {@code bn}. Cost on H x W x C_in, with H' = ceil(H / s), W' = ceil(W / s):
 * parameters k^2 C_in C_out + 2 C_out, state 2 C_out, multiply-accumulates H' W' k^2 C_in C_out.
 */
final class ConvOperation implements CandidateOperation {

  private final String name;
  private final int kernel;

  ConvOperation(String name, int kernel) {
    this.name = name;
    this.kernel = kernel;
  }

  @Override
  public Operand<TFloat32> build(
      LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
    BuildingBlocks.checkBuild(name, input, outChannels, stride);
    LayerContext c = context.scope(name);
    Operand<TFloat32> y =
        Layers.conv2d(c, "conv", c.tf().nn.relu(input), kernel, outChannels, stride, 1);
    return c.batchNorm("bn", y);
  }

  @Override
  public OperationCost cost(FeatureShape input, int outChannels, int stride) {
    BuildingBlocks.checkCost(name, outChannels, stride);
    return Layers.conv2dCost(input, kernel, outChannels, stride)
        .plus(Layers.batchNormCost(outChannels));
  }
}
