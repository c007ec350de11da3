package io.kdas.api.loss;

import io.kdas.api.Plugin;
import io.kdas.api.PluginKind;

/**
 * The service interface of loss plugins. Register an implementation with {@code
 * @AutoService(DistillationLossPlugin.class)} or a line naming its class in {@code
 * META-INF/services/io.kdas.api.loss.DistillationLossPlugin}. Specs name it in {@code
 * student.loss} and {@code search.loss}, with parameters.
 */
public interface DistillationLossPlugin extends Plugin<DistillationLoss> {

  @Override
  default PluginKind kind() {
    return PluginKind.LOSS;
  }
}
