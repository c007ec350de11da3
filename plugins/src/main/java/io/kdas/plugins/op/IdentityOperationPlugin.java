package io.kdas.plugins.op;

import com.google.auto.service.AutoService;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.param.PluginParameters;

/**
 * {@code identity}: the input itself when the stride is 1 and the channels match (the skip of a
 * residual block: free, and the search's way of leaving a layer as it is); otherwise ReLU, a 1x1
 * convolution with the stride to the output channels, batch norm, so that the operation fits
 * every layer. Cost on H x W x C_in to C_out, H' = ceil(H / s), W' = ceil(W / s): zero, or
 * parameters C_in C_out + 2 C_out, state 2 C_out, multiply-accumulates H' W' C_in C_out. See
 * {@code IdentityOperation}.
 */
@AutoService(CandidateOperationPlugin.class)
public final class IdentityOperationPlugin extends BuiltInOperationPlugin {

  /** The name run specs use. */
  public static final String NAME = "identity";

  public IdentityOperationPlugin() {
    super(NAME, "the input itself, or ReLU, strided 1x1 conv and batch norm where the shape changes");
  }

  @Override
  public CandidateOperation create(PluginParameters parameters) {
    return new IdentityOperation(NAME);
  }
}
