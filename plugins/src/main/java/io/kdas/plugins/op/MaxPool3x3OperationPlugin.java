package io.kdas.plugins.op;

import com.google.auto.service.AutoService;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.param.PluginParameters;

/**
 * {@code max-pool-3x3}: a "SAME" 3x3 max pool with the stride; when the output channels differ
 * from the input's, a 1x1 convolution and batch norm follow. Cost on H x W x C_in to C_out, H' =
 * ceil(H / s), W' = ceil(W / s): zero when C_out = C_in; otherwise parameters C_in C_out +
 * 2 C_out, state 2 C_out, multiply-accumulates H' W' C_in C_out. See {@code PoolOperation}.
 */
@AutoService(CandidateOperationPlugin.class)
public final class MaxPool3x3OperationPlugin extends BuiltInOperationPlugin {

  /** The name run specs use. */
  public static final String NAME = "max-pool-3x3";

  public MaxPool3x3OperationPlugin() {
    super(NAME, "3x3 max pool, then 1x1 convolution and batch norm if the channels change");
  }

  @Override
  public CandidateOperation create(PluginParameters parameters) {
    return new PoolOperation(NAME, PoolOperation.Kind.MAX);
  }
}
