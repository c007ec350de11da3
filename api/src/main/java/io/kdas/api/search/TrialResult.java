package io.kdas.api.search;

/**
 * What the runtime measured of one proposed architecture. A strategy must accept failed trials
 * (and a non-finite reward) without throwing.
 *
 * @param reward the value the strategy maximizes: validation top-1 accuracy, multiplied by (size /
 *     limit)^exponent above a soft memory budget; 0 for a child over a hard budget (not trained);
 *     {@code Double.NaN} when the child could not be built or trained
 * @param accuracy validation top-1 accuracy in [0, 1]; 0 when the child was not scored
 * @param parameters trainable scalars of the whole child (backbone included)
 * @param bytes bytes of the child's float32 variables (trainable and state), as exported
 * @param seconds wall time spent on the trial
 * @param failure why the child was not scored (e.g. {@code over budget bytes <= 1,200,000
 *     (hard)}, or the exception's class and message), or null
 */
public record TrialResult(
    double reward, double accuracy, long parameters, long bytes, double seconds,
    String failure) {

  /**
   * Whether the child was not scored.
   *
   * @return true if {@code failure} is not null
   */
  public boolean failed() {
    return failure != null;
  }
}
