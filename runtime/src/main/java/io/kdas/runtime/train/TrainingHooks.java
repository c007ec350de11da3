package io.kdas.runtime.train;

/**
 * What a training adds to {@link Trainer}'s epoch loop beyond "train, evaluate, checkpoint": a
 * weight-sharing search selects a child before every step, runs its controller phase after every
 * epoch and keeps its search state in every checkpoint.
 */
public interface TrainingHooks {

  /** A plain training. */
  TrainingHooks NONE = new TrainingHooks() {};

  /** Before each training step (e.g. selects the child the step trains). */
  default void beforeStep() {}

  /** After an epoch's steps and evaluation, before its checkpoint (e.g. a controller phase). */
  default void afterEpoch(int epoch) {}

  /**
   * State saved beside the variables in every checkpoint, or null for none.
   *
   * @param epochsDone the epochs completed at the checkpoint
   */
  default byte[] state(int epochsDone) {
    return null;
  }

  /** Gives back the {@link #state} of the checkpoint a training continues from. */
  default void restore(byte[] state) {}

  /** What a diverged training's error advises, naming the spec fields to change. */
  default String divergenceAdvice() {
    return "lower learning_rate.initial or add warmup_epochs";
  }
}
