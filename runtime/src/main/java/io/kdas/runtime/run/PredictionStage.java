package io.kdas.runtime.run;

import io.kdas.runtime.teacher.TeacherLogitStore;
import io.kdas.runtime.train.FaultPoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the teachers' predictions of every stored view before the search and the students
 * read them, as one job per shard of training examples. Each shard is written to its own file
 * beside the teachers, so that a resumed run, or a later run on the same teachers and data, loads
 * it instead of running the teachers again, and so that shards can run on different machines.
 */
public final class PredictionStage {

  private static final Logger log = LoggerFactory.getLogger(PredictionStage.class);
  /** Examples per shard, at most: a minute or two of teacher inference on a CPU. */
  static final int SHARD_EXAMPLES = 5000;

  private final RunDirectory directory;
  private final JobExecutor executor;

  @Inject
  public PredictionStage(RunDirectory directory, JobExecutor executor) {
    this.directory = directory;
    this.executor = executor;
  }

  /** Fills {@code store} with every view of its {@code examples} training examples. */
  public void fill(TeacherLogitStore store, StoredPredictions location, int examples) {
    int shards = shards(examples);
    List<Job<Long>> jobs = new java.util.ArrayList<>();
    for (int k = 0; k < shards; k++) {
      jobs.add(shard(store, location, examples, k, shards));
    }
    long computed = executor.runAll(jobs, shard -> { }).stream().mapToLong(Long::longValue).sum();
    long total = (long) examples * store.views();
    log.info(String.format("teacher predictions: %,d examples x %d views in %d shard%s: %,d "
            + "computed, %,d loaded; in %s", examples, store.views(), shards,
        shards == 1 ? "" : "s", computed, total - computed, location.folder()));
  }

  /** How many shards a store of {@code examples} training examples is computed in. */
  static int shards(int examples) {
    return Math.max(1, (examples + SHARD_EXAMPLES - 1) / SHARD_EXAMPLES);
  }

  /** The job of shard {@code k} (0-based) of {@code shards}. */
  Job<Long> shard(TeacherLogitStore store, StoredPredictions location, int examples, int k,
      int shards) {
    int first = (int) ((long) k * examples / shards);
    int end = (int) ((long) (k + 1) * examples / shards);
    long slots = (long) (end - first) * store.views();
    Path file = location.shard(k, shards);
    return new Job<>() {
      @Override
      public String key() {
        return "teacher-predictions-" + (k + 1);
      }

      @Override
      public List<String> outputs() {
        return List.of(directory.relativize(file));
      }

      @Override
      public Long run() {
        long loaded = store.load(file, location.key(), first, end);
        if (loaded < slots) {
          store.computeExamples(first, end, "teacher predictions, shard " + (k + 1) + "/"
              + shards + " (examples " + first + ".." + (end - 1) + ", every view)");
          store.save(file, location.key(), first, end);
        }
        FaultPoints.reach("predictions-shard");
        return slots - loaded;
      }

      @Override
      public Map<String, String> facts(Long computed) {
        return Map.of("computed", Long.toString(computed));
      }

      @Override
      public Long restore(Map<String, String> facts) {
        if (store.load(file, location.key(), first, end) < slots) {
          throw new IllegalStateException(file + " does not hold every view of examples "
              + first + ".." + (end - 1) + " although its job is recorded as done");
        }
        return 0L;
      }

      @Override
      public JobTask task() {
        return new JobTask(JobTask.Kind.PREDICTIONS, key(), Map.of("shard",
            Integer.toString(k)));
      }
    };
  }
}
