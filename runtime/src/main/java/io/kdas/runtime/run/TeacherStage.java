package io.kdas.runtime.run;

import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.RunSpec;
import io.kdas.proto.TeacherEnsembleSpec;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.export.SavedModelExporter;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.teacher.EnsembleReport;
import io.kdas.runtime.teacher.TeacherEnsemble;
import io.kdas.runtime.train.Accuracy;
import io.kdas.runtime.train.FaultPoints;
import io.kdas.runtime.train.Trainer;
import io.kdas.runtime.train.TrainingCheckpoints;
import io.kdas.runtime.train.TrainingGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.ConfigProto;

/**
 * Trains the teachers with cross-entropy from seeds seed+1..seed+K (each in a graph of its own,
 * exported as a SavedModel in the run directory), or loads them; then scores them on the test
 * split.
 */
public final class TeacherStage {

  private static final Logger log = LoggerFactory.getLogger(TeacherStage.class);
  private static final int EVAL_BATCH = 500;

  private final RunSpec spec;
  private final PluginRegistry registry;
  private final RunDirectory directory;
  private final ConfigProto session;
  private final JobExecutor executor;

  @Inject
  public TeacherStage(RunSpec spec, PluginRegistry registry, RunDirectory directory,
      ConfigProto session, JobExecutor executor) {
    this.spec = spec;
    this.registry = registry;
    this.directory = directory;
    this.session = session;
    this.executor = executor;
  }

  /** The teachers, trained or loaded, and how they score on the test split. */
  public record Teachers(TeacherEnsemble ensemble, EnsembleReport report, List<String> origins,
      List<Path> paths, double trainSeconds) {}

  public Teachers prepare(Dataset data, ChannelStats normalization) {
    TeacherEnsembleSpec t = spec.getTeachers();
    List<Path> paths = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    long start = System.nanoTime();
    if (t.getSavedModelCount() > 0) {
      t.getSavedModelList().forEach(p -> {
        paths.add(Path.of(p));
        origins.add("loaded from " + p);
      });
    } else {
      List<TeacherJob> jobs = new ArrayList<>();
      for (int k = 1; k <= t.getCount(); k++) {
        jobs.add(job(k, data, normalization));
        origins.add("trained: " + jobs.get(k - 1).model.label() + ", seed "
            + (spec.getSeed() + k));
      }
      paths.addAll(executor.runAll(jobs, path -> { }));
    }
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    TeacherEnsemble ensemble = TeacherEnsemble.load(paths, session);
    if (ensemble.classes() != data.classes()) {
      ensemble.close();
      throw new IllegalArgumentException("the teachers predict " + ensemble.classes()
          + " classes but the data has " + data.classes());
    }
    float[] logits = ensemble.logits(data.test(), EVAL_BATCH);
    try {
      // Broken teachers stop the run here, before any student trains on their outputs.
      Accuracy.requireFinite(logits, ensemble.size() * data.classes(), "the teachers",
          "evaluation on the test split (as [example, teacher x class])");
    } catch (RuntimeException e) {
      ensemble.close();
      throw e;
    }
    EnsembleReport report =
        EnsembleReport.of(logits, data.test().labels(), ensemble.size(), data.classes());
    for (int k = 0; k < ensemble.size(); k++) {
      log.info(String.format("teacher-%d test top-1 %.4f", k + 1, report.teachers().get(k).top1()));
    }
    log.info(String.format("ensemble test top-1 %.4f, oracle (any teacher right) %.4f",
        report.ensemble().top1(), report.oracleTop1()));
    return new Teachers(ensemble, report, origins, List.copyOf(paths), trainSeconds);
  }

  /** The job that trains teacher {@code k} (1-based). */
  TeacherJob job(int k, Dataset data, ChannelStats normalization) {
    return new TeacherJob(k, new ModelDefinition(spec.getTeachers().getModel(), data.classes(),
        data.train().height(), data.train().width(), normalization), data);
  }

  /** Trains teacher k with cross-entropy from seed + k, exports it as a SavedModel. */
  final class TeacherJob implements Job<Path> {
    private final int k;
    private final ModelDefinition model;
    private final Dataset data;

    TeacherJob(int k, ModelDefinition model, Dataset data) {
      this.k = k;
      this.model = model;
      this.data = data;
    }

    @Override
    public String key() {
      return "teacher-" + k;
    }

    @Override
    public List<String> outputs() {
      return List.of("teachers/" + key());
    }

    @Override
    public Path run() {
      String name = key();
      Path target = directory.resolve(outputs().get(0));
      long seed = spec.getSeed() + k;
      var aug = spec.getData().getAugmentation();
      Trainer trainer = new Trainer(data.train(), data.test(), new ViewAugmenter(seed,
          RunInputs.FRESH_VIEWS, aug.getCropPadding(), aug.getHorizontalFlip()));
      DistillationLoss crossEntropy =
          registry.create(PluginKind.LOSS, "cross-entropy", Map.of(), DistillationLoss.class);
      log.info("training {} ({}, seed {})", name, model.label(), seed);
      Path checkpoints = directory.resolve("checkpoints/" + name);
      try (TrainingGraph graph = new TrainingGraph(model, crossEntropy,
          spec.getTeachers().getTraining(), 0, seed, session)) {
        trainer.train(name, graph, spec.getTeachers().getTraining(), seed, null,
            directory.metrics(), new TrainingCheckpoints(checkpoints.resolve("epochs"),
                spec.getCheckpoint().getEverySteps(), spec.getCheckpoint().getEverySeconds()));
        Path checkpoint = checkpoints.resolve("final/variables");
        graph.saveCheckpoint(checkpoint);
        Checkpoints.delete(target); // what a killed export left
        SavedModelExporter.export(model, checkpoint, target, spec.getExport().getInputName());
        FaultPoints.reach("teacher-exported");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot export " + name, e);
      }
      return target;
    }

    @Override
    public Map<String, String> facts(Path result) {
      return Map.of();
    }

    @Override
    public Path restore(Map<String, String> facts) {
      return directory.resolve(outputs().get(0));
    }

    @Override
    public JobTask task() {
      return new JobTask(JobTask.Kind.TEACHER, key(), Map.of("k", Integer.toString(k)));
    }
  }
}
