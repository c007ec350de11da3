package io.kdas.plugins.op;

import com.google.auto.service.AutoService;
import io.kdas.api.Spi;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.PluginParameters;

/**
 * {@code sep-conv-3x3}: ReLU, a "SAME" 3x3 depthwise convolution with the stride, a 1x1 pointwise
 * convolution to the output channels, batch norm. One separable convolution, not DARTS's stack of
 * two (half the cost; KDAS stacks add-on layers instead). Cost on H x W x C_in to C_out, H' =
 * ceil(H / s), W' = ceil(W / s): parameters 9 C_in + C_in C_out + 2 C_out, state 2 C_out,
 * multiply-accumulates H' W' (9 C_in + C_in C_out). See {@code SeparableConvOperation}.
 */
@AutoService(CandidateOperationPlugin.class)
public final class SepConv3x3OperationPlugin implements CandidateOperationPlugin {

  /** The name run specs use. */
  public static final String NAME = "sep-conv-3x3";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return "1.0";
  }

  @Override
  public int spiVersion() {
    return Spi.VERSION;
  }

  @Override
  public String description() {
    return "ReLU, 3x3 depthwise and 1x1 pointwise convolution, batch norm";
  }

  @Override
  public ParameterSchema parameters() {
    return ParameterSchema.empty();
  }

  @Override
  public CandidateOperation create(PluginParameters parameters) {
    return new SeparableConvOperation(NAME, 3, 1);
  }
}
