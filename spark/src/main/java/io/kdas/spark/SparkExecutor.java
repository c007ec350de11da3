package io.kdas.spark;

import io.kdas.proto.DeviceSpec;
import io.kdas.proto.RunSpec;
import io.kdas.proto.SparkExecutorSpec;
import io.kdas.runtime.run.InProcessExecutor;
import io.kdas.runtime.run.Job;
import io.kdas.runtime.run.JobExecutor;
import io.kdas.runtime.run.JobTask;
import io.kdas.runtime.run.RunDirectory;
import io.kdas.runtime.train.CpuFeatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a run's jobs as Spark tasks: each batch of jobs that do not depend on one another (the
 * teachers, the prediction shards, a batch of search children, the students) is one Spark job
 * with a partition per task, so the cluster's executors run them side by side. The driver (this
 * process) keeps the plan, the search strategy and the run folder's summary; workers write the
 * jobs' outputs and completion records into the run folder, which both must reach at the same
 * path. A job an earlier attempt finished is restored from its record, not run again.
 */
final class SparkExecutor implements JobExecutor {

  private static final Logger log = LoggerFactory.getLogger(SparkExecutor.class);

  private final RunDirectory directory;
  private final InProcessExecutor inProcess;
  private final JavaSparkContext spark;
  private final RunTask function;
  private final TaskProgress progress = new TaskProgress();

  SparkExecutor(String master, RunSpec spec, RunDirectory directory,
      InProcessExecutor inProcess, List<Path> pluginDirs) {
    this.directory = directory;
    this.inProcess = inProcess;
    SparkConf conf = configuration(new SparkConf(), master, spec);
    conf.setAppName("kdas " + directory.root().getFileName());
    this.spark = new JavaSparkContext(conf);
    this.function = new RunTask(directory.root(), pluginDirs, ship(spark, pluginDirs));
    spark.sc().addSparkListener(progress);
    log.info("jobs run on Spark: master {}, application {}, {} core(s) per task", master,
        spark.sc().applicationId(), conf.get("spark.task.cpus", "1"));
  }

  /**
   * The Spark settings of a run: spark.* system properties (e.g. -Dspark.executor.memory=4g)
   * already in {@code conf} win over the spec's executor section, which wins over KDAS's
   * defaults. A run on GPUs asks one GPU per task, which the worker pins TensorFlow to.
   */
  static SparkConf configuration(SparkConf conf, String master, RunSpec spec) {
    conf.setMaster(master)
        .setIfMissing("spark.task.maxFailures", "3")
        .setIfMissing("spark.speculation", "false")
        .setIfMissing("spark.ui.enabled", "false");
    if (!master.startsWith("local")) {
      conf.setIfMissing("spark.executor.extraClassPath", classPath());
    }
    SparkExecutorSpec section = spec.getExecutor().getSpark();
    section.getConfMap().forEach(conf::setIfMissing);
    if (section.getCoresPerTask() > 0) {
      conf.setIfMissing("spark.task.cpus", Integer.toString(section.getCoresPerTask()));
    }
    if (!section.getExecutorMemory().isEmpty()) {
      conf.setIfMissing("spark.executor.memory", section.getExecutorMemory());
    }
    if (spec.getDevice().getDevice() == DeviceSpec.Device.GPU) {
      conf.setIfMissing("spark.task.resource.gpu.amount", "1");
    }
    // Executors compute with the driver's kernels (oneDNN on by default, see the launcher):
    // the same numbers wherever a job runs.
    conf.setIfMissing("spark.executorEnv.TF_ENABLE_ONEDNN_OPTS",
        CpuFeatures.ofThisMachine().oneDnn() ? "1" : "0");
    return conf;
  }

  /**
   * Adds the plugin jars to the application's files, so that every executor fetches them (and
   * loads them with their own class loaders) whether or not it sees the driver's folders.
   *
   * @return whether any jar was shipped
   */
  private static boolean ship(JavaSparkContext spark, List<Path> pluginDirs) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Path dir : pluginDirs) {
      try (java.util.stream.Stream<Path> files = Files.list(dir)) {
        for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
          if (!names.add(jar.getFileName().toString())) {
            throw new IllegalArgumentException("two plugin jars are named "
                + jar.getFileName() + " (one in " + dir + "); executors receive them in one "
                + "folder: rename one");
          }
          spark.addFile(jar.toAbsolutePath().toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list plugin folder " + dir, e);
      }
    }
    return !names.isEmpty();
  }

  /**
   * The driver's class path as absolute paths: executors started by a standalone worker load
   * KDAS, TensorFlow and the plugins' api from the same install (a shared folder or the same
   * path on every machine).
   */
  private static String classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString())
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  @Override
  public <R> R run(Job<R> job) {
    return runAll(List.of(job), result -> { }).get(0);
  }

  @Override
  public <R> List<R> runAll(List<? extends Job<R>> jobs, Consumer<R> each) {
    List<R> results = new ArrayList<>(java.util.Collections.nCopies(jobs.size(), null));
    List<JobTask> tasks = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      Job<R> job = jobs.get(i);
      Map<String, String> done = inProcess.recorded(job);
      JobTask task = done == null ? job.task() : null;
      if (done != null) {
        results.set(i, job.restore(done));
      } else if (task == null) {
        results.set(i, inProcess.run(job)); // stays with the driver (an independent search)
      } else {
        tasks.add(task);
        positions.add(i);
      }
    }
    if (!tasks.isEmpty()) {
      String description = tasks.size() == 1 ? tasks.get(0).key()
          : tasks.get(0).key() + " .. " + tasks.get(tasks.size() - 1).key();
      spark.setJobDescription(description);
      log.info("running {} task(s) on the cluster: {}", tasks.size(), description);
      long start = System.nanoTime();
      progress.start(tasks);
      List<TaskOutcome> outcomes;
      try {
        outcomes = spark.parallelize(tasks, tasks.size()).map(function).collect();
      } catch (Exception e) { // Scala throws SparkException without declaring it
        if (!(e instanceof SparkException)) {
          throw e;
        }
        throw new IllegalStateException(description + ": failed on the cluster: "
            + cause(String.valueOf(e.getMessage())), e);
      }
      for (int k = 0; k < outcomes.size(); k++) {
        int i = positions.get(k);
        results.set(i, jobs.get(i).restore(outcomes.get(k).facts()));
      }
      record(outcomes, (System.nanoTime() - start) / 1e9);
    }
    results.forEach(each);
    return results;
  }

  /**
   * The error of a task that failed every attempt, from Spark's report ("Job aborted due to
   * stage failure: Task 0 in stage 3.0 failed 3 times, most recent failure: Lost task ... (host
   * executor 1): java.lang.IllegalStateException: why\n\tat ...").
   */
  static String cause(String report) {
    String first = report.lines().findFirst().orElse(report);
    int attempts = first.indexOf(" failed ");
    int error = first.indexOf("): ");
    String times = attempts < 0 ? "" : first.substring(attempts + 1,
        first.indexOf(',', attempts) < 0 ? first.length() : first.indexOf(',', attempts));
    return (error < 0 ? first : first.substring(error + 3)) + (times.isEmpty() ? ""
        : " (" + times + ")");
  }

  /** Appends where each task ran to the run's job log ({@code jobs/tasks.csv}). */
  private void record(List<TaskOutcome> outcomes, double seconds) {
    Path file = directory.resolve("jobs/tasks.csv");
    StringBuilder lines = new StringBuilder();
    try {
      if (!Files.exists(file)) {
        lines.append("job,executor,host,seconds\n");
      }
      for (TaskOutcome o : outcomes) {
        lines.append(String.format(Locale.ROOT, "%s,%s,%s,%.3f%n", o.key(), o.executor(),
            o.host(), o.seconds()));
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    log.info(String.format(Locale.ROOT, "%d task(s) done in %.1f s on executor(s) %s",
        outcomes.size(), seconds, outcomes.stream().map(TaskOutcome::executor).distinct()
            .sorted().toList()));
  }

  @Override
  public void close() {
    spark.stop();
  }
}
