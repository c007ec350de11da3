package io.kdas.runtime.run;

import com.google.protobuf.TextFormat;
import io.kdas.api.PluginRegistry;
import io.kdas.proto.Architecture;
import io.kdas.proto.RunSpec;
import io.kdas.runtime.search.ChildTrials;
import io.kdas.runtime.search.SearchContext;
import io.kdas.runtime.spec.RunPlan;
import io.kdas.runtime.spec.SpecSource;
import io.kdas.runtime.spec.SpecValidator;
import io.kdas.runtime.teacher.TeacherLogitStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;

/**
 * Runs one job of a run in a process other than the one driving it (a cluster worker): rebuilds
 * the job from its {@link JobTask} and what the run folder holds, runs it (or finds it done), and
 * reports its facts. What the job reads is restored from the records of the jobs before it, once
 * per process ({@link RunInputs}), so a worker that runs many children of a search loads the data,
 * teachers and predictions once.
 */
public final class RunWorker implements AutoCloseable {

  private final RunPlan plan;
  private final RunDirectory directory;
  private final DataStage data;
  private final TeacherStage teachers;
  private final PredictionStage predictions;
  private final SearchStage search;
  private final StudentStage students;
  private final InProcessExecutor executor;
  private RunInputs inputs;

  @Inject
  RunWorker(RunPlan plan, RunDirectory directory, DataStage data, TeacherStage teachers,
      PredictionStage predictions, SearchStage search, StudentStage students,
      InProcessExecutor executor) {
    this.plan = plan;
    this.directory = directory;
    this.data = data;
    this.teachers = teachers;
    this.predictions = predictions;
    this.search = search;
    this.students = students;
    this.executor = executor;
  }

  /**
   * A worker for the run in {@code runDir}, from the spec the run resolved and the plugins in
   * {@code pluginDirs} (the driver's folders, or a local copy of their jars).
   *
   * @param threads TensorFlow's intra-op threads (and one inter-op thread) for the cores the
   *     worker was given; 0 keeps the spec's device settings
   * @param gpus the GPU ids the worker was given (e.g. "1"), or "" to keep the spec's
   */
  public static RunWorker open(Path runDir, List<Path> pluginDirs, int threads, String gpus) {
    SpecSource read = SpecSource.read(runDir.resolve("resolved-spec.textproto"));
    // The plugins come from pluginDirs (the driver's, or what the cluster shipped of them).
    SpecSource source = read.withSpec(read.spec().toBuilder().clearPluginDir().build());
    PluginRegistry registry = PluginRegistry.load(pluginDirs);
    RunPlan plan = new SpecValidator(source, registry).validate();
    RunSpec.Builder spec = plan.spec().toBuilder();
    if (threads > 0) {
      spec.getDeviceBuilder().setIntraOpThreads(threads).setInterOpThreads(1);
    }
    if (!gpus.isEmpty()) {
      spec.getDeviceBuilder().setVisibleGpus(gpus);
    }
    plan = new RunPlan(spec.build(), plan.students(), plan.search(), plan.needsTeachers(),
        plan.store());
    return RunComponent.builder().plan(plan).specText(source.text()).registry(registry)
        .directory(RunDirectory.open(runDir)).executor("").pluginDirs(pluginDirs).build()
        .worker();
  }

  /** Runs the task's job; returns the facts of its completion record. */
  public synchronized Map<String, String> run(JobTask task) {
    RunInputs in = inputs();
    return switch (task.kind()) {
      case TEACHER -> executor.facts(teachers.job(Integer.parseInt(task.argument("k")),
          in.dataset(), in.normalization()));
      case PREDICTIONS -> {
        try (TeacherLogitStore store = in.newStore()) {
          int examples = in.dataset().train().size();
          yield executor.facts(predictions.shard(store, in.storeLocation(), examples,
              Integer.parseInt(task.argument("shard")), PredictionStage.shards(examples)));
        }
      }
      case SEARCH -> executor.facts(search.job(in.searchContext()));
      case CHILD -> {
        SearchContext context = in.searchContext();
        Architecture.Builder network = Architecture.newBuilder();
        try {
          TextFormat.merge(task.argument("network"), network);
        } catch (TextFormat.ParseException e) {
          throw new IllegalArgumentException(task.key() + ": unreadable network", e);
        }
        Architecture a = network.build();
        yield executor.facts(search.childJob(context, new ChildTrials.Child(
            Integer.parseInt(task.argument("index")), a, context.plan().cost(context.base(),
                a))));
      }
      case STUDENT -> {
        RunPlan.Student student = java.util.stream.Stream.concat(plan.students().stream(),
                ParetoStudents.of(plan, in.search()).stream())
            .filter(s -> s.name().equals(task.argument("name"))).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no student " + task.key()));
        long seed = plan.spec().getSeed() + student.spec().getSeedOffset();
        yield executor.facts(students.job(student, in.dataset(), in.normalization(),
            in.augmenter(seed), in.teacherSource(), in.search()));
      }
    };
  }

  private RunInputs inputs() {
    if (inputs == null) {
      inputs = new RunInputs(plan, directory, teachers, predictions, search, data.load());
    }
    return inputs;
  }

  @Override
  public synchronized void close() {
    if (inputs != null) {
      inputs.close();
    }
  }
}
