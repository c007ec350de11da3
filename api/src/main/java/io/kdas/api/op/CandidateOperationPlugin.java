package io.kdas.api.op;

import io.kdas.api.Plugin;
import io.kdas.api.PluginKind;

/**
 * The service interface of candidate-operation plugins. Register an implementation with
 * {@code @AutoService(CandidateOperationPlugin.class)} or a line naming its class in {@code
 * META-INF/services/io.kdas.api.op.CandidateOperationPlugin}. Specs name operations in {@code
 * search.operation} and in architecture files, without parameters: {@code create} always gets the
 * schema's defaults, so a variant (another kernel size, say) is a plugin of its own.
 */
public interface CandidateOperationPlugin extends Plugin<CandidateOperation> {

  @Override
  default PluginKind kind() {
    return PluginKind.OPERATION;
  }
}
