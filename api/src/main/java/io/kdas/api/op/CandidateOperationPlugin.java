package io.kdas.api.op;

import io.kdas.api.Plugin;
import io.kdas.api.PluginKind;

/**
 * The service interface of candidate-operation plugins; register implementations with {@code
 * @AutoService}.
 */
public interface CandidateOperationPlugin extends Plugin<CandidateOperation> {

  @Override
  default PluginKind kind() {
    return PluginKind.OPERATION;
  }
}
