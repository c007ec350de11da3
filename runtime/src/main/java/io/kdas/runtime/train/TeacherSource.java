package io.kdas.runtime.train;

import io.kdas.runtime.data.Batch;

/** Where a distillation step gets the teachers' logits of its batch. */
public interface TeacherSource {

  /** Makes sure the predictions for the views that {@code epoch} shows are available. */
  void prepareEpoch(int epoch);

  /** Writes the teachers' logits [batch, teachers, classes] of the batch's examples and views. */
  void logits(Batch batch, float[] out);

  /** Number of teachers. */
  int teachers();
}
