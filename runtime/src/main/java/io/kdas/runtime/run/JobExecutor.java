package io.kdas.runtime.run;

/**
 * Runs a run's jobs: the one place that decides when and where a job runs and how its
 * completion is recorded. The stages build jobs and hand them here; they train nothing
 * themselves. In-process today ({@link InProcessExecutor}); an executor that ships jobs to a
 * cluster implements the same contract.
 */
public interface JobExecutor {

  /**
   * The result of {@code job}: restored from its completion record if an earlier attempt of the
   * run finished it (and its files still match the record), else computed by running it, after
   * which its completion is recorded.
   */
  <R> R run(Job<R> job);
}
