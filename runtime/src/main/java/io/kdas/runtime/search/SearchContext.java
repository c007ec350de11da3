package io.kdas.runtime.search;

import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.SearchSpec;
import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.train.TeacherSource;
import org.tensorflow.proto.ConfigProto;

/**
 * What both kinds of child training need.
 *
 * @param base the backbone on the run's data (classes, input size, normalization)
 * @param train the training split; children train on {@code holdOut.train()} of it
 * @param validation the held-out examples as a split of their own
 * @param teachers stored teacher predictions (null when the loss reads none)
 * @param seed the run's seed
 */
public record SearchContext(SearchSpec spec, SearchPlan plan, ModelDefinition base,
    DistillationLoss loss, ImageSplit train, HoldOut holdOut, ImageSplit validation,
    ViewAugmenter augmenter, TeacherSource teachers, MemoryBudget budget, long seed,
    ConfigProto session) {

  public int teacherCount() {
    return teachers == null ? 0 : teachers.teachers();
  }
}
