package io.kdas.runtime.run;

import java.util.Map;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs jobs one after the other in this process, skipping those an earlier attempt finished. */
final class InProcessExecutor implements JobExecutor {

  private static final Logger log = LoggerFactory.getLogger(InProcessExecutor.class);

  private final RunDirectory directory;

  @Inject
  InProcessExecutor(RunDirectory directory) {
    this.directory = directory;
  }

  @Override
  public <R> R run(Job<R> job) {
    Map<String, String> done = directory.jobs().completed(job.key());
    if (done != null) {
      log.info("{}: done by an earlier attempt of this run (its files match their record)",
          job.key());
      return job.restore(done);
    }
    R result = job.run();
    directory.jobs().complete(job.key(), job.outputs(), job.facts(result));
    Checkpoints.delete(directory.resolve("checkpoints/" + job.key()));
    return result;
  }
}
