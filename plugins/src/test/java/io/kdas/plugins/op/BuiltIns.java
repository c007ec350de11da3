package io.kdas.plugins.op;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import java.util.List;

/** The nine built-in operation plugins. */
final class BuiltIns {

  static final List<CandidateOperationPlugin> ALL = List.of(new IdentityOperationPlugin(),
      new Conv3x3OperationPlugin(), new Conv5x5OperationPlugin(), new SepConv3x3OperationPlugin(),
      new SepConv5x5OperationPlugin(), new MaxPool3x3OperationPlugin(),
      new AvgPool3x3OperationPlugin(), new DilConv3x3OperationPlugin(), new ZeroOperationPlugin());

  private BuiltIns() {}

  static CandidateOperation create(CandidateOperationPlugin plugin) {
    return plugin.create(plugin.parameters().defaults());
  }
}
