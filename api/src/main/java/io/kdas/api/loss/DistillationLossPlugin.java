package io.kdas.api.loss;

import io.kdas.api.Plugin;
import io.kdas.api.PluginKind;

/** The service interface of loss plugins; register implementations with {@code @AutoService}. */
public interface DistillationLossPlugin extends Plugin<DistillationLoss> {

  @Override
  default PluginKind kind() {
    return PluginKind.LOSS;
  }
}
