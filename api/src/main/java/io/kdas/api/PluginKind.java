package io.kdas.api;

import io.kdas.api.loss.DistillationLossPlugin;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.search.SearchStrategyPlugin;

/**
 * The three extension points, each with the service interface that ServiceLoader looks up. Names
 * are unique within a kind; a loss and an operation may share one.
 */
public enum PluginKind {
  /** Distillation losses: {@link DistillationLossPlugin}, building a {@code DistillationLoss}. */
  LOSS("loss", DistillationLossPlugin.class),
  /**
   * Candidate operations of add-on layers: {@link CandidateOperationPlugin}, building a {@code
   * CandidateOperation}.
   */
  OPERATION("operation", CandidateOperationPlugin.class),
  /** Search strategies: {@link SearchStrategyPlugin}, building a {@code SearchStrategy}. */
  STRATEGY("strategy", SearchStrategyPlugin.class);

  private final String label;
  private final Class<? extends Plugin<?>> serviceType;

  PluginKind(String label, Class<? extends Plugin<?>> serviceType) {
    this.label = label;
    this.serviceType = serviceType;
  }

  /**
   * The word used in messages and in {@code kdas plugins}.
   *
   * @return {@code loss}, {@code operation} or {@code strategy}
   */
  public String label() {
    return label;
  }

  /**
   * The interface a plugin of this kind implements.
   *
   * @return the service interface, whose binary name is the file name under {@code
   *     META-INF/services}
   */
  public Class<? extends Plugin<?>> serviceType() {
    return serviceType;
  }
}
