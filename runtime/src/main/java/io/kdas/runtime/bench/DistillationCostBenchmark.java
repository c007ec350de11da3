package io.kdas.runtime.bench;

import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.ModelSpec;
import io.kdas.proto.ResNetSpec;
import io.kdas.proto.TrainingSpec;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.data.source.SyntheticDataset;
import io.kdas.runtime.export.SavedModelExporter;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.teacher.SavedModelTeacher;
import io.kdas.runtime.teacher.TeacherEnsemble;
import io.kdas.runtime.teacher.TeacherLogitStore;
import io.kdas.runtime.train.EpochMetrics;
import io.kdas.runtime.train.Trainer;
import io.kdas.runtime.train.TrainingGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.ConfigProto;

/**
 * What distillation adds to an epoch once the teacher store is warm: the same student, data,
 * batches and views trained for one epoch with a distillation loss and with cross-entropy,
 * alternately, several times.
 */
public final class DistillationCostBenchmark {

  /** Seconds of each timed epoch, in order. */
  public record Result(List<Double> distillSeconds, List<Double> crossEntropySeconds,
      long storedViews) {}

  private final int studentDepth;
  private final int teachers;
  private final int examples;
  private final int batch;
  private final ConfigProto config;

  public DistillationCostBenchmark(int studentDepth, int teachers, int examples, int batch,
      ConfigProto config) {
    this.studentDepth = studentDepth;
    this.teachers = teachers;
    this.examples = examples;
    this.batch = batch;
    this.config = config;
  }

  public Result run(DistillationLoss distill, DistillationLoss crossEntropy, int repeats)
      throws IOException {
    Dataset data = SyntheticDataset.generate(10, examples, 500, 32, 0.25f, 1);
    ChannelStats stats = ChannelStats.of(data.train());
    ModelDefinition student = model(studentDepth, stats);
    ModelDefinition teacherModel = model(8, stats);
    Path dir = Files.createTempDirectory("kdas-bench");
    List<SavedModelTeacher> loaded = new ArrayList<>();
    TrainingSpec training = io.kdas.runtime.spec.SpecDefaults.fill(
        TrainingSpec.newBuilder().setEpochs(1).setBatchSize(batch).build());
    try {
      for (int k = 0; k < teachers; k++) {
        // Untrained teachers: their logits cost the same to store and feed as trained ones.
        try (TrainingGraph g = new TrainingGraph(teacherModel, crossEntropy, training, 0, k,
            config)) {
          g.saveCheckpoint(dir.resolve("ckpt" + k + "/variables"));
        }
        SavedModelExporter.export(teacherModel, dir.resolve("ckpt" + k + "/variables"),
            dir.resolve("teacher" + k), "image");
        loaded.add(new SavedModelTeacher("teacher-" + k, dir.resolve("teacher" + k), config));
      }
      ViewAugmenter views = new ViewAugmenter(1, 2, 4, true);
      List<Double> kd = new ArrayList<>();
      List<Double> ce = new ArrayList<>();
      try (TeacherEnsemble ensemble = new TeacherEnsemble(loaded);
          TrainingGraph kdGraph = new TrainingGraph(student, distill, training, teachers, 1,
              config);
          TrainingGraph ceGraph = new TrainingGraph(student, crossEntropy, training, 0, 1,
              config);
          TeacherLogitStore store = new TeacherLogitStore(ensemble, data.train(), views, dir)) {
        store.prepareEpoch(0); // warm: every timed epoch is epoch 0 of its own call
        Trainer trainer = new Trainer(data.train(), data.test(), views);
        for (int r = 0; r < repeats + 1; r++) { // the first round warms both graphs up
          EpochMetrics k = trainer.train("distill", kdGraph, training, 1, store, m -> { })
              .get(0);
          EpochMetrics c = trainer.train("cross-entropy", ceGraph, training, 1, null,
              m -> { }).get(0);
          if (r > 0) {
            kd.add(k.seconds());
            ce.add(c.seconds());
          }
        }
        return new Result(kd, ce, store.computedViews());
      }
    } finally {
      io.kdas.runtime.run.Checkpoints.delete(dir);
    }
  }

  private static ModelDefinition model(int depth, ChannelStats stats) {
    return new ModelDefinition(
        ModelSpec.newBuilder().setResnet(ResNetSpec.newBuilder().setDepth(depth)).build(), 10,
        32, 32, stats);
  }
}
