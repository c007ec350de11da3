package io.kdas.plugins.op;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * ReLU, a "SAME" k x k depthwise convolution with the stride (channel multiplier 1, optionally
 * dilated), a 1x1 pointwise convolution to the output channels, batch norm. One separable
 * convolution, not the stack of two that DARTS uses: half the parameters and multiply-accumulates,
 * and the add-on layers of KDAS already stack. As in Xception and DARTS there is no batch norm or
 * ReLU between the depthwise and the pointwise convolution; the ReLU comes first for the reason
 * given in {@link ConvOperation}.
 *
 * <p>Variables, in the sub-scope named after the operation: {@code depthwise} [k, k, C_in, 1],
 * {@code pointwise} [1, 1, C_in, C_out] and the batch norm {@code bn}. Cost on H x W x C_in, with
 * H' = ceil(H / s), W' = ceil(W / s): parameters k^2 C_in + C_in C_out + 2 C_out, state 2 C_out,
 * multiply-accumulates H' W' (k^2 C_in + C_in C_out). A dilated depthwise convolution is built by
 * {@link DilatedDepthwise}, whose multiply-accumulates are the same except at stride 1 on odd
 * sizes, where it computes a map padded to even size and crops it.
 */
final class SeparableConvOperation implements CandidateOperation {

  private final String name;
  private final int kernel;
  private final int dilation;

  SeparableConvOperation(String name, int kernel, int dilation) {
    this.name = name;
    this.kernel = kernel;
    this.dilation = dilation;
  }

  @Override
  public Operand<TFloat32> build(
      LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
    BuildingBlocks.checkBuild(name, input, outChannels, stride);
    LayerContext c = context.scope(name);
    Operand<TFloat32> x = c.tf().nn.relu(input);
    Operand<TFloat32> depthwise = dilation == 1
        ? Layers.depthwiseConv2d(c, "depthwise", x, kernel, stride, 1)
        : DilatedDepthwise.build(c, "depthwise", x, kernel, stride, dilation);
    return c.batchNorm("bn", Layers.conv2d(c, "pointwise", depthwise, 1, outChannels, 1, 1));
  }

  @Override
  public OperationCost cost(FeatureShape input, int outChannels, int stride) {
    BuildingBlocks.checkCost(name, outChannels, stride);
    OperationCost depthwise = dilation == 1
        ? Layers.depthwiseConv2dCost(input, kernel, stride)
        : DilatedDepthwise.cost(input, kernel, stride, dilation);
    return depthwise
        .plus(Layers.conv2dCost(input.strided(stride, input.channels()), 1, outChannels, 1))
        .plus(Layers.batchNormCost(outChannels));
  }
}
