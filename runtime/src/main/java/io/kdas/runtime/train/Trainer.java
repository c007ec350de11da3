package io.kdas.runtime.train;

import io.kdas.proto.TrainingSpec;
import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.pipeline.Batch;
import io.kdas.runtime.data.pipeline.BatchStream;
import io.kdas.runtime.data.pipeline.BatchTargets;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop of every training (teachers, students, search children, shared search weights):
 * feeds batches, steps the schedule, evaluates after each epoch, checkpoints, reports; what a
 * training adds to it comes through {@link TrainingHooks}.
 */
public final class Trainer {

  private static final Logger log = LoggerFactory.getLogger(Trainer.class);
  private static final int EVAL_BATCH = 500;

  private final ImageSplit train;
  private final int[] pool;
  private final ImageSplit eval;
  private final String split;
  private final ViewAugmenter augmenter;

  /** Trains on every example of {@code train}, evaluates on {@code test} after each epoch. */
  public Trainer(ImageSplit train, ImageSplit test, ViewAugmenter augmenter) {
    this(train, null, test, "test", augmenter);
  }

  private Trainer(ImageSplit train, int[] pool, ImageSplit eval, String split,
      ViewAugmenter augmenter) {
    this.train = train;
    this.pool = pool;
    this.eval = eval;
    this.split = split;
    this.augmenter = augmenter;
  }

  /** Trains on the examples {@code pool} of {@code train}; no evaluation after epochs. */
  public static Trainer withoutEvaluation(ImageSplit train, int[] pool,
      ViewAugmenter augmenter) {
    return new Trainer(train, pool, null, null, augmenter);
  }

  /**
   * Trains on the examples {@code pool} of {@code train} and evaluates on {@code validation},
   * examples held out of the training split (reported as "validation", never as "test").
   */
  public static Trainer onHoldOut(ImageSplit train, int[] pool, ImageSplit validation,
      ViewAugmenter augmenter) {
    return new Trainer(train, pool, validation, "validation", augmenter);
  }

  /**
   * Trains for the spec's epochs.
   *
   * @param teachers the teachers' logits, or null when the loss reads none
   * @param onEpoch called after each epoch (metrics files, progress)
   * @return the metrics of every epoch
   */
  public List<EpochMetrics> train(String name, TrainingGraph graph, TrainingSpec spec, long seed,
      TeacherSource teachers, EpochListener onEpoch) {
    return train(name, graph, spec, seed, teachers, onEpoch, null);
  }

  /**
   * Trains for the spec's epochs, continuing from the latest of {@code checkpoints} if there is
   * one and saving a checkpoint after every epoch.
   *
   * @param checkpoints this training's checkpoints, or null to keep none
   * @return the metrics of every epoch, restored ones included (they are not passed to {@code
   *     onEpoch} again, but to its {@link EpochListener#restored})
   */
  public List<EpochMetrics> train(String name, TrainingGraph graph, TrainingSpec spec, long seed,
      TeacherSource teachers, EpochListener onEpoch, TrainingCheckpoints checkpoints) {
    return train(name, graph, spec, seed, teachers, onEpoch, checkpoints, TrainingHooks.NONE);
  }

  /** As above, with what the training adds to the loop. */
  public List<EpochMetrics> train(String name, TrainingGraph graph, TrainingSpec spec, long seed,
      TeacherSource teachers, EpochListener onEpoch, TrainingCheckpoints checkpoints,
      TrainingHooks hooks) {
    int batchSize = graph.batchSize();
    int examples = pool == null ? train.size() : pool.length;
    int steps = examples / batchSize;
    if (steps == 0) {
      throw new IllegalArgumentException(name + ": batch_size " + batchSize
          + " is larger than the " + examples + " training examples");
    }
    LearningRateSchedule schedule =
        new LearningRateSchedule(spec.getLearningRate(), spec.getEpochs(), steps);
    List<EpochMetrics> history = new ArrayList<>();
    TrainingCheckpoints.Saved saved = checkpoints == null ? null : checkpoints.latest();
    TrainingCheckpoints.Position resumeAt = null;
    if (saved != null) {
      graph.restoreCheckpoint(saved.variables());
      history.addAll(saved.history());
      onEpoch.restored(saved.history());
      hooks.restore(saved.state());
      resumeAt = saved.position();
      log.info("{}: continuing from its checkpoint after {} epochs and {} steps", name,
          resumeAt.epochs(), resumeAt.steps());
    }
    BatchTargets onTheFly = teachers == null ? null : teachers.onTheFly();
    float[] teacherBatch = teachers == null || onTheFly != null ? null
        : new float[batchSize * teachers.teachers() * classes(graph)];
    for (int epoch = history.size(); epoch < spec.getEpochs(); epoch++) {
      if (teachers != null) {
        teachers.prepareEpoch(epoch);
      }
      String label = String.format("%s epoch %d/%d", name, epoch + 1, spec.getEpochs());
      ProgressLog progress = new ProgressLog(label, steps);
      boolean inside = resumeAt != null && resumeAt.epochs() == epoch && resumeAt.steps() > 0;
      int firstStep = inside ? resumeAt.steps() : 0;
      double lossSum = inside ? resumeAt.lossSum() : 0;
      double correct = inside ? resumeAt.correct() : 0;
      double earlierSeconds = inside ? resumeAt.seconds() : 0;
      float rate = 0;
      long start = System.nanoTime();
      long lastSave = start;
      int savedStep = firstStep;
      try (BatchStream batches = new BatchStream(train, pool, augmenter, batchSize, epoch,
          seed, onTheFly, firstStep)) {
        for (int step = firstStep; batches.hasNext(); step++) {
          Batch batch = batches.next();
          hooks.beforeStep();
          float[] teacherLogits = null;
          if (onTheFly != null) {
            teacherLogits = batch.targets();
          } else if (teachers != null) {
            teachers.logits(batch, teacherBatch);
            teacherLogits = teacherBatch;
          }
          rate = schedule.at(epoch, step);
          float[] out = graph.step(batch, teacherLogits, rate);
          if (!Float.isFinite(out[0])) {
            throw new TrainingDivergedException(name + " diverged at epoch " + (epoch + 1)
                + " step " + (step + 1) + " (loss " + out[0] + ", learning rate " + rate
                + "): " + hooks.divergenceAdvice());
          }
          FaultPoints.reach("train-step");
          lossSum += out[0];
          correct += out[1];
          if (checkpoints != null && step + 1 < steps
              && checkpoints.due(step + 1 - savedStep, (System.nanoTime() - lastSave) / 1e9)) {
            checkpoints.save(graph, new TrainingCheckpoints.Position(epoch, step + 1, lossSum,
                correct, earlierSeconds + (System.nanoTime() - start) / 1e9), history,
                hooks.state(epoch));
            lastSave = System.nanoTime();
            savedStep = step + 1;
          }
          progress.update(step + 1, String.format("loss %.4f  acc %.3f", lossSum / (step + 1),
              correct / ((step + 1.0) * batchSize)));
        }
      }
      double seconds = earlierSeconds + (System.nanoTime() - start) / 1e9;
      Accuracy accuracy = null;
      if (eval != null) {
        float[] logits = graph.predict(eval, EVAL_BATCH);
        Accuracy.requireFinite(logits, classes(graph), name, "evaluation on the " + split
            + " split after epoch " + (epoch + 1));
        accuracy = Accuracy.of(logits, eval.labels(), classes(graph));
      }
      EpochMetrics m = new EpochMetrics(name, epoch + 1, spec.getEpochs(), rate,
          lossSum / steps, correct / ((double) steps * batchSize), split, accuracy, seconds,
          steps * (double) batchSize / seconds);
      history.add(m);
      hooks.afterEpoch(epoch);
      String saveTime = "";
      if (checkpoints != null) {
        long saveStart = System.nanoTime();
        checkpoints.save(graph, TrainingCheckpoints.Position.afterEpochs(epoch + 1), history,
            hooks.state(epoch + 1));
        saveTime = String.format("  checkpoint %.0f ms", (System.nanoTime() - saveStart) / 1e6);
      }
      log.info(String.format("%s  loss %.4f  train acc %.4f  %s%.0f img/s  %s%s", label,
          m.trainLoss(), m.trainAccuracy(), accuracy == null ? "" : String.format(
              "%s top-1 %.4f  top-5 %.4f  ", split, accuracy.top1(), accuracy.top5()),
          m.imagesPerSecond(), ProgressLog.clock(seconds), saveTime));
      onEpoch.epoch(m);
    }
    return history;
  }

  private static int classes(TrainingGraph graph) {
    return graph.classes();
  }
}
