package io.kdas.plugins.op;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The input itself (one {@code Identity} op) when the stride is 1 and the channels match;
 * otherwise a reduction to the output shape: ReLU, a 1x1 convolution with the stride to the
 * output channels, batch norm. The reduction is one strided 1x1 convolution (a ResNet projection
 * shortcut in the ReLU-first order of the other operations), not DARTS's factorized reduce with
 * two half-width convolutions on grids offset by one pixel: simpler, valid for odd sizes, and it
 * only exists to make "identity" usable where the shape changes.
 *
 * <p>Variables, only for the reduction, in the sub-scope named after the operation: {@code conv}
 * [1, 1, C_in, C_out] and the batch norm {@code bn}. Cost on H x W x C_in: zero for the identity;
 * otherwise, with H' = ceil(H / s), W' = ceil(W / s), parameters C_in C_out + 2 C_out, state
 * 2 C_out, multiply-accumulates H' W' C_in C_out.
 */
final class IdentityOperation implements CandidateOperation {

  private final String name;

  IdentityOperation(String name) {
    this.name = name;
  }

  @Override
  public Operand<TFloat32> build(
      LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
    BuildingBlocks.checkBuild(name, input, outChannels, stride);
    LayerContext c = context.scope(name);
    if (stride == 1 && Layers.channels(input) == outChannels) {
      return c.tf().identity(input);
    }
    return BuildingBlocks.projection(c, input, outChannels, stride, true);
  }

  @Override
  public OperationCost cost(FeatureShape input, int outChannels, int stride) {
    BuildingBlocks.checkCost(name, outChannels, stride);
    if (stride == 1 && input.channels() == outChannels) {
      return OperationCost.ZERO;
    }
    return BuildingBlocks.projectionCost(input, outChannels, stride);
  }
}
