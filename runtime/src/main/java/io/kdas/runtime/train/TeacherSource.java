package io.kdas.runtime.train;

import io.kdas.runtime.data.pipeline.Batch;
import io.kdas.runtime.data.pipeline.BatchTargets;

/**
 * Where a distillation step gets the teachers' logits of its batch: from predictions stored per
 * (example, view), or from the teachers run on exactly the images of the batch.
 */
public interface TeacherSource {

  /** Makes sure the predictions for the views that {@code epoch} shows are available. */
  void prepareEpoch(int epoch);

  /** Writes the teachers' logits [batch, teachers, classes] of the batch's examples and views. */
  void logits(Batch batch, float[] out);

  /** Number of teachers. */
  int teachers();

  /**
   * Non-null when the teachers run on the rendered images themselves: the batch stream then
   * computes their logits on its worker thread, ahead of the step, into {@link Batch#targets()}.
   */
  default BatchTargets onTheFly() {
    return null;
  }
}
