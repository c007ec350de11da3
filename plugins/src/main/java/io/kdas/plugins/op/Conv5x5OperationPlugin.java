package io.kdas.plugins.op;

import com.google.auto.service.AutoService;
import io.kdas.api.Spi;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.PluginParameters;

/**
 * {@code conv-5x5}: ReLU, a "SAME" 5x5 convolution with the stride to the output channels, batch
 * norm (ENAS/DARTS order; the ReLU first leaves the output un-rectified so that it can be summed
 * with a residual). Cost on H x W x C_in to C_out, H' = ceil(H / s), W' = ceil(W / s):
 * parameters 25 C_in C_out + 2 C_out, state 2 C_out, multiply-accumulates 25 H' W' C_in C_out.
 * See {@code ConvOperation}.
 */
@AutoService(CandidateOperationPlugin.class)
public final class Conv5x5OperationPlugin implements CandidateOperationPlugin {

  /** The name run specs use. */
  public static final String NAME = "conv-5x5";

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
    return "ReLU, 5x5 convolution, batch norm";
  }

  @Override
  public ParameterSchema parameters() {
    return ParameterSchema.empty();
  }

  @Override
  public CandidateOperation create(PluginParameters parameters) {
    return new ConvOperation(NAME, 5);
  }
}
