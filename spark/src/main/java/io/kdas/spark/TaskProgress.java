package io.kdas.spark;

import io.kdas.runtime.run.JobTask;
import java.util.List;
import java.util.Locale;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each task of the running batch as it ends, with its job, executor and time. */
final class TaskProgress extends SparkListener {

  private static final Logger log = LoggerFactory.getLogger(TaskProgress.class);

  private volatile List<JobTask> batch = List.of();
  private int finished;

  synchronized void start(List<JobTask> tasks) {
    batch = List.copyOf(tasks);
    finished = 0;
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    TaskInfo info = end.taskInfo();
    List<JobTask> tasks = batch;
    String job = info.index() < tasks.size() ? tasks.get(info.index()).key()
        : "task " + info.index();
    if (info.successful()) {
      finished++;
      log.info(String.format(Locale.ROOT, "%s done on executor %s in %.1f s (%d/%d)", job,
          info.executorId(), info.duration() / 1000.0, finished, tasks.size()));
    } else {
      log.warn("{} failed on executor {} (attempt {}): {}; Spark runs it again", job,
          info.executorId(), info.attemptNumber() + 1, end.reason());
    }
  }
}
