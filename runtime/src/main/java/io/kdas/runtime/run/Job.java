package io.kdas.runtime.run;

import java.util.List;
import java.util.Map;

/**
 * One unit of a run's work (train and export a teacher, compute the teachers' predictions of a
 * shard of training examples, run the search, train and export a student), which a {@link
 * JobExecutor} runs.
 *
 * <p>A job has a deterministic key, unique in its run, and declares the folders it writes. It
 * writes only there and into {@code checkpoints/<key>/} (its resume state), reads only the run's
 * data and the results of jobs before it, and is done when its completion record ({@link
 * JobRecords}) lists those folders' files and the facts the run needs of it. A job that is run
 * again (after a kill, or twice) writes the same outputs; the record is written last, so a
 * partial output is never taken for a result.
 *
 * @param <R> what the rest of the run needs of the job
 */
public interface Job<R> {

  /**
   * The job's key: {@code teacher-2}, {@code teacher-predictions-3}, {@code search}, {@code
   * student-NAME}.
   */
  String key();

  /**
   * The folders (or files) it writes, relative to the run directory; predictions stored beside
   * teachers from another run's folder lie outside it ({@code ../}).
   */
  List<String> outputs();

  /** Does the work, continuing from {@code checkpoints/<key>/} if an earlier attempt left it. */
  R run();

  /** What the run needs of the result, kept in the completion record. */
  Map<String, String> facts(R result);

  /** The result of a job that an earlier attempt finished, from its record's facts. */
  R restore(Map<String, String> facts);

  /**
   * How a worker in another process rebuilds this job, or null for a job that runs where the
   * run is driven (e.g. an independent search, whose strategy lives with the driver).
   */
  JobTask task();
}
