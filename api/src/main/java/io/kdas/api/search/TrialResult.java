package io.kdas.api.search;

/**
 * What the runtime measured of one proposed architecture.
 *
 * @param reward the value the strategy maximizes (validation accuracy, penalized or masked by the
 *     memory budget); {@code Double.NaN} when the trial failed
 * @param accuracy validation top-1 accuracy in [0, 1]
 * @param parameters trainable scalars of the child
 * @param bytes bytes of the child's exported variables
 * @param seconds wall time spent on the trial
 * @param failure why the trial failed, or null
 */
public record TrialResult(
    double reward, double accuracy, long parameters, long bytes, double seconds,
    String failure) {

  public boolean failed() {
    return failure != null;
  }
}
