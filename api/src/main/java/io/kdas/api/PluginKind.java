package io.kdas.api;

import io.kdas.api.loss.DistillationLossPlugin;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.search.SearchStrategyPlugin;

/** The three extension points, each with the service interface that ServiceLoader looks up. */
public enum PluginKind {
  LOSS("loss", DistillationLossPlugin.class),
  OPERATION("operation", CandidateOperationPlugin.class),
  STRATEGY("strategy", SearchStrategyPlugin.class);

  private final String label;
  private final Class<? extends Plugin<?>> serviceType;

  PluginKind(String label, Class<? extends Plugin<?>> serviceType) {
    this.label = label;
    this.serviceType = serviceType;
  }

  /** The lower-case word used in messages and in {@code kdas plugins}. */
  public String label() {
    return label;
  }

  /** The interface a plugin of this kind implements and registers under META-INF/services. */
  public Class<? extends Plugin<?>> serviceType() {
    return serviceType;
  }
}
