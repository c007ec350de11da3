package io.kdas.spark;

import io.kdas.runtime.run.JobTask;
import io.kdas.runtime.run.RunWorker;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * The function Spark runs on an executor for each job: rebuilds the job from the run folder
 * (shared with the driver) and runs it there. One {@link RunWorker} per run folder and executor
 * JVM, so the data, teachers and predictions are loaded once for all the tasks it runs.
 */
final class RunTask implements Function<JobTask, TaskOutcome> {

  private static final Map<String, RunWorker> WORKERS = new HashMap<>();

  private final String runDir;
  private final List<String> pluginDirs;
  private final boolean shipped;

  /**
   * @param pluginDirs the driver's plugin folders, used where nothing was shipped
   * @param shipped whether the plugin jars were added to the application's files
   */
  RunTask(Path runDir, List<Path> pluginDirs, boolean shipped) {
    this.runDir = runDir.toAbsolutePath().toString();
    this.pluginDirs = pluginDirs.stream().map(p -> p.toAbsolutePath().toString()).toList();
    this.shipped = shipped;
  }

  @Override
  public TaskOutcome call(JobTask task) throws Exception {
    long start = System.nanoTime();
    Map<String, String> facts = worker().run(task);
    return new TaskOutcome(task.key(), facts, SparkEnv.get().executorId(),
        InetAddress.getLocalHost().getHostName(), (System.nanoTime() - start) / 1e9);
  }

  private RunWorker worker() {
    synchronized (WORKERS) {
      return WORKERS.computeIfAbsent(runDir, dir -> RunWorker.open(Path.of(dir), plugins(),
          cores(), gpus()));
    }
  }

  /** The folder the executor fetched the shipped plugin jars into, or the driver's folders. */
  private List<Path> plugins() {
    if (shipped) {
      return List.of(Path.of(SparkFiles.getRootDirectory()));
    }
    return pluginDirs.stream().map(Path::of).toList();
  }

  /**
   * The GPUs Spark assigned this task (spark.task.resource.gpu.amount), as CUDA ids; "" when
   * it assigned none. An executor's tasks share its GPUs, so the first task's pick holds.
   */
  static String gpus() {
    TaskContext context = TaskContext.get();
    if (context == null || !context.resources().contains("gpu")) {
      return "";
    }
    return String.join(",", context.resources().apply("gpu").addresses());
  }

  /** The cores Spark gives each task: TensorFlow uses that many threads. */
  private static int cores() {
    TaskContext context = TaskContext.get();
    return context == null ? 0 : context.cpus();
  }
}
