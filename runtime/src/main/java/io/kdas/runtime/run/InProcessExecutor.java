package io.kdas.runtime.run;

import java.util.Map;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs jobs one after the other in this process, skipping those an earlier attempt finished. */
public final class InProcessExecutor implements JobExecutor {

  private static final Logger log = LoggerFactory.getLogger(InProcessExecutor.class);

  private final RunDirectory directory;

  @Inject
  InProcessExecutor(RunDirectory directory) {
    this.directory = directory;
  }

  @Override
  public <R> R run(Job<R> job) {
    Map<String, String> done = recorded(job);
    if (done != null) {
      return job.restore(done);
    }
    R result = job.run();
    record(job, result);
    return result;
  }

  /** A job's facts: from its record if an earlier attempt finished it, else by running it. */
  public <R> Map<String, String> facts(Job<R> job) {
    Map<String, String> done = recorded(job);
    return done != null ? done : record(job, job.run());
  }

  /** The facts of a job an earlier attempt finished (its files match its record), or null. */
  public Map<String, String> recorded(Job<?> job) {
    Map<String, String> done = directory.jobs().completed(job.key());
    if (done != null) {
      log.info("{}: done by an earlier attempt of this run (its files match their record)",
          job.key());
    }
    return done;
  }

  private <R> Map<String, String> record(Job<R> job, R result) {
    Map<String, String> facts = job.facts(result);
    directory.jobs().complete(job.key(), job.outputs(), facts);
    Checkpoints.delete(directory.resolve("checkpoints/" + job.key()));
    return facts;
  }
}
