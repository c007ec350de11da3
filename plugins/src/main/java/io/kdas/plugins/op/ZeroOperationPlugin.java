package io.kdas.plugins.op;

import com.google.auto.service.AutoService;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.param.PluginParameters;

/**
 * {@code zero}: zeros of the output shape, [batch, ceil(H / s), ceil(W / s), C_out], with the
 * batch size read at run time ("no connection", as DARTS's {@code none}). No variables, no
 * gradient to the input, cost zero. See {@code ZeroOperation}.
 */
@AutoService(CandidateOperationPlugin.class)
public final class ZeroOperationPlugin extends BuiltInOperationPlugin {

  /** The name run specs use. */
  public static final String NAME = "zero";

  public ZeroOperationPlugin() {
    super(NAME, "zeros of the output shape (no connection); no variables, no cost");
  }

  @Override
  public CandidateOperation create(PluginParameters parameters) {
    return new ZeroOperation(NAME);
  }
}
