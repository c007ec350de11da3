package io.kdas.api.search;

/**
 * How the runtime trains the children that a strategy proposes. Either way, a child that does not
 * fit a hard memory budget is not trained: it is told at once with reward 0 and a failure.
 */
public enum ChildTraining {
  /**
   * Each proposal is trained from scratch with the search loss on the short child schedule, then
   * scored on the held-out validation examples, and told. The runtime asks for one architecture
   * at a time until {@code trials} children are trained. A child that cannot be built or
   * diverges is told as a failed trial and the search goes on.
   */
  INDEPENDENT,
  /**
   * One shared model holds every candidate of every layer. Each epoch the runtime trains the
   * shared weights, one step per child drawn with {@link SearchStrategy#ask} (never told), then
   * scores children drawn with {@code ask} on validation batches and reports them with {@link
   * SearchStrategy#tell}. At the end it asks for finalists, scores them on the whole validation
   * split without telling, and keeps the best. An exception while the shared model is built or
   * trained stops the search.
   */
  SHARED_WEIGHTS
}
