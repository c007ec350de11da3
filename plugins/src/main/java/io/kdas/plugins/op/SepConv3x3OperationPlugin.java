package io.kdas.plugins.op;

import com.google.auto.service.AutoService;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.param.PluginParameters;

/**
 * {@code sep-conv-3x3}: ReLU, a "SAME" 3x3 depthwise convolution with the stride, a 1x1 pointwise
 * convolution to the output channels, batch norm. One separable convolution, not DARTS's stack of
 * two (half the cost; KDAS stacks add-on layers instead). Cost on H x W x C_in to C_out, H' =
 * ceil(H / s), W' = ceil(W / s): parameters 9 C_in + C_in C_out + 2 C_out, state 2 C_out,
 * multiply-accumulates H' W' (9 C_in + C_in C_out). See {@code SeparableConvOperation}.
 */
@AutoService(CandidateOperationPlugin.class)
public final class SepConv3x3OperationPlugin extends BuiltInOperationPlugin {

  /** The name run specs use. */
  public static final String NAME = "sep-conv-3x3";

  public SepConv3x3OperationPlugin() {
    super(NAME, "ReLU, 3x3 depthwise and 1x1 pointwise convolution, batch norm");
  }

  @Override
  public CandidateOperation create(PluginParameters parameters) {
    return new SeparableConvOperation(NAME, 3, 1);
  }
}
