package io.kdas.runtime.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a run's jobs: the one place that decides when and where a job runs and how its
 * completion is recorded. The stages build jobs and hand them here; they train nothing
 * themselves. In-process today ({@link InProcessExecutor}); an executor that ships jobs to a
 * cluster implements the same contract.
 */
public interface JobExecutor extends AutoCloseable {

  /**
   * The result of {@code job}: restored from its completion record if an earlier attempt of the
   * run finished it (and its files still match the record), else computed by running it, after
   * which its completion is recorded.
   */
  <R> R run(Job<R> job);

  /**
   * The results of jobs that do not depend on one another, in their order. This process runs
   * them one after the other; a cluster executor runs them side by side.
   *
   * @param each told each result as it arrives (e.g. to rewrite the summary)
   */
  default <R> List<R> runAll(List<? extends Job<R>> jobs, Consumer<R> each) {
    List<R> results = new ArrayList<>();
    for (Job<R> job : jobs) {
      R result = run(job);
      each.accept(result);
      results.add(result);
    }
    return results;
  }

  /** Releases what the executor holds (a cluster connection); a run closes it at its end. */
  @Override
  default void close() {}
}
