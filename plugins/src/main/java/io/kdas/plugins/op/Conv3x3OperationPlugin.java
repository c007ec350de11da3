package io.kdas.plugins.op;

import com.google.auto.service.AutoService;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.param.PluginParameters;

/**
 * {@code conv-3x3}: ReLU, a "SAME" 3x3 convolution with the stride to the output channels, batch
 * norm (ENAS/DARTS order; the ReLU first leaves the output un-rectified so that it can be summed
 * with a residual). Cost on H x W x C_in to C_out, H' = ceil(H / s), W' = ceil(W / s):
 * parameters 9 C_in C_out + 2 C_out, state 2 C_out, multiply-accumulates 9 H' W' C_in C_out. See
 * {@code ConvOperation}.
 */
@AutoService(CandidateOperationPlugin.class)
public final class Conv3x3OperationPlugin extends BuiltInOperationPlugin {

  /** The name run specs use. */
  public static final String NAME = "conv-3x3";

  public Conv3x3OperationPlugin() {
    super(NAME, "ReLU, 3x3 convolution, batch norm");
  }

  @Override
  public CandidateOperation create(PluginParameters parameters) {
    return new ConvOperation(NAME, 3);
  }
}
