package io.kdas.runtime.teacher;

import io.kdas.runtime.data.pipeline.Batch;
import io.kdas.runtime.data.pipeline.BatchTargets;
import io.kdas.runtime.train.Accuracy;
import io.kdas.runtime.train.TeacherSource;

/**
 * The teachers run on exactly the images a student sees, for training with fresh random crops and
 * flips every epoch (as the teachers themselves and the paper's students are trained) instead of
 * a fixed pool of stored views. The teachers stay frozen in their own graphs and sessions; the
 * batch stream runs them on its worker thread, so their forward passes overlap with the
 * student's step.
 */
public final class FreshViewTeachers implements TeacherSource, BatchTargets {

  private final TeacherEnsemble ensemble;
  private final int height;
  private final int width;

  public FreshViewTeachers(TeacherEnsemble ensemble, int height, int width) {
    this.ensemble = ensemble;
    this.height = height;
    this.width = width;
  }

  @Override
  public void prepareEpoch(int epoch) {
    // Nothing to prepare: every batch is computed as it is rendered.
  }

  @Override
  public void logits(Batch batch, float[] out) {
    compute(batch, out);
  }

  @Override
  public int teachers() {
    return ensemble.size();
  }

  @Override
  public BatchTargets onTheFly() {
    return this;
  }

  @Override
  public int floatsPerImage() {
    return ensemble.size() * ensemble.classes();
  }

  @Override
  public void compute(Batch batch, float[] out) {
    float[] scratch = new float[batch.size() * ensemble.classes()];
    ensemble.logits(batch.images(), batch.size(), height, width, out, scratch);
    Accuracy.requireFinite(out, floatsPerImage(), "the teachers",
        "a training batch (as [example, teacher x class])");
  }
}
