package io.kdas.runtime.train;

import java.util.List;

/** What a training tells as it goes: each epoch's metrics, and the epochs a resume restored. */
@FunctionalInterface
public interface EpochListener {

  /** An epoch ended (after its checkpoint, if the training keeps them). */
  void epoch(EpochMetrics metrics);

  /**
   * The training continues from a checkpoint after these epochs; a listener that records epochs
   * makes its record match them (a kill may have come before or after an epoch was recorded).
   */
  default void restored(List<EpochMetrics> history) {}
}
