package io.kdas.api.search;

/** How the runtime trains the children that a strategy proposes. */
public enum ChildTraining {
  /** Each proposal is trained from scratch on a short schedule, then scored. */
  INDEPENDENT,
  /**
   * One shared model holds every candidate of every layer. The runtime alternates: it trains the
   * shared weights, one step per child drawn with {@link SearchStrategy#ask}, then scores children
   * drawn with {@code ask} on validation batches and reports them with {@link SearchStrategy#tell}.
   */
  SHARED_WEIGHTS
}
