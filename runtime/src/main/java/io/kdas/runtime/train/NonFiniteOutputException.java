package io.kdas.runtime.train;

/**
 * A model produced NaN or infinite logits where it was evaluated: its scores would be
 * meaningless, so the trial (or the run, for teachers and students) fails instead.
 */
public final class NonFiniteOutputException extends RuntimeException {

  public NonFiniteOutputException(String message) {
    super(message);
  }
}
