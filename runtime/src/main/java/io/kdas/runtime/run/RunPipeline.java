package io.kdas.runtime.run;

import com.google.protobuf.TextFormat;
import io.kdas.api.PluginRegistry;
import io.kdas.proto.AugmentationSpec;
import io.kdas.proto.RunSpec;
import io.kdas.proto.ViewMode;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.spec.RunPlan;
import io.kdas.runtime.spec.SpecException;
import io.kdas.runtime.teacher.FreshViewTeachers;
import io.kdas.runtime.teacher.TeacherLogitStore;
import io.kdas.runtime.train.TeacherSource;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kdas run}: the validated {@link RunPlan}, then data, then the run's jobs in order, with
 * the summary rewritten after every stage so that an interrupted run still says what it found.
 *
 * <p>DESIGN: the job graph. A run is a chain of {@link Job}s, each with a deterministic key, its
 * declared outputs and a completion record ({@link JobRecords}), run by the {@link JobExecutor}:
 * <ol>
 *   <li>{@code teacher-K} (when a loss uses teachers and none are loaded): train, export and
 *       score teacher K; reads the data;
 *   <li>{@code teacher-predictions-K} (stored views): every view of shard K of the training
 *       examples through the teachers; reads the teachers' exports;
 *   <li>{@code search} (a searched student): the whole search, trials or shared-weight epochs
 *       with its own checkpoints; reads the predictions;
 *   <li>{@code student-NAME}, in spec order: train, export and check a student; reads the
 *       predictions and the search's result.
 * </ol>
 * A job whose record verifies is not run again (its result comes from the record's facts); an
 * interrupted job continues from {@code checkpoints/<key>/}. Jobs of one step do not depend on
 * each other (teachers, prediction shards, a student's siblings), which is what a cluster
 * executor can run side by side.
 */
public final class RunPipeline {

  private static final Logger log = LoggerFactory.getLogger(RunPipeline.class);
  /** Fresh views: a view pool far larger than any run, so no view is ever shown twice. */
  static final int FRESH_VIEWS = 1 << 30;

  private final RunPlan plan;
  private final RunSpec spec;
  private final String specText;
  private final PluginRegistry registry;
  private final RunDirectory directory;
  private final DataStage data;
  private final TeacherStage teachers;
  private final StudentStage students;
  private final SearchStage search;
  private final PredictionStage predictions;
  private String summaryExtra = "";
  /** Stands for the status in {@link #lastSummary}. */
  private static final String RUNNING_MARK = "\u0000status\u0000";
  /** The summary of the running stage with its status left open, or null when settled. */
  private volatile String lastSummary;

  @Inject
  public RunPipeline(RunPlan plan, @Named("specText") String specText, PluginRegistry registry,
      RunDirectory directory, DataStage data, TeacherStage teachers, StudentStage students,
      SearchStage search, PredictionStage predictions) {
    this.plan = plan;
    this.spec = plan.spec();
    this.specText = specText;
    this.registry = registry;
    this.directory = directory;
    this.data = data;
    this.teachers = teachers;
    this.students = students;
    this.search = search;
    this.predictions = predictions;
  }

  /** Runs everything; returns the students' results in spec order. */
  public List<StudentResult> run() {
    boolean resuming = Files.exists(directory.resolve("resolved-spec.textproto"));
    if (!resuming) {
      directory.write("spec.textproto", specText);
      directory.write("resolved-spec.textproto", TextFormat.printer().printToString(spec));
    }
    log.info("run directory: {}{}", directory.root(), resuming ? " (resuming)" : "");
    Dataset dataset = data.load();
    checkSameData(dataset);
    Thread onInterrupt = new Thread(this::markInterrupted, "kdas-interrupted");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      return run(dataset);
    } catch (RuntimeException e) {
      if (lastSummary != null) {
        directory.write("summary.md", lastSummary.replace(RUNNING_MARK, "failed: "
            + e.getMessage() + " (fix the cause, then resume with 'kdas run --resume "
            + directory.root() + "')"));
      }
      throw e;
    } finally {
      lastSummary = null;
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook runs.
      }
    }
  }

  /** The data of a resumed run must be the data it started with. */
  private void checkSameData(Dataset dataset) {
    String file = "data-identity.txt";
    if (Files.exists(directory.resolve(file))) {
      String before;
      try {
        before = Files.readString(directory.resolve(file)).strip();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (!before.equals(dataset.identity())) {
        throw new SpecException("cannot resume " + directory.root() + ": its data was "
            + before + " and is now " + dataset.identity());
      }
    } else {
      directory.write(file, dataset.identity() + "\n");
    }
  }

  /** On SIGINT or SIGTERM (not SIGKILL): the summary says the run was interrupted. */
  private void markInterrupted() {
    String summary = lastSummary;
    if (summary != null) {
      directory.write("summary.md", summary.replace(RUNNING_MARK, "interrupted; resume with "
          + "'kdas run --resume " + directory.root() + "'"));
    }
  }

  private List<StudentResult> run(Dataset dataset) {
    ChannelStats normalization = spec.getData().getAugmentation().getNormalize()
        ? ChannelStats.of(dataset.train()) : ChannelStats.none();
    log.info("input normalization: {}", spec.getData().getAugmentation().getNormalize()
        ? "per channel, mean " + java.util.Arrays.toString(normalization.mean()) + " std "
            + java.util.Arrays.toString(normalization.std())
        : "none (data.augmentation.normalize: false): the networks see pixel / 255");
    String provenance = Provenance.describe(spec, registry, dataset.identity());
    directory.write("provenance.txt", provenance);
    List<StudentResult> results = new ArrayList<>();
    if (plan.needsTeachers()) {
      writeSummary(provenance, dataset, null, results, "training teachers");
    }
    TeacherStage.Teachers ensemble = plan.needsTeachers()
        ? teachers.prepare(dataset, normalization) : null;
    TeacherLogitStore store = null;
    try {
      AugmentationSpec aug = spec.getData().getAugmentation();
      boolean fresh = spec.getData().getViewMode() == ViewMode.FRESH;
      ViewAugmenter views = new ViewAugmenter(spec.getSeed(), spec.getData().getTeacherViews(),
          aug.getCropPadding(), aug.getHorizontalFlip());
      store = ensemble == null || fresh ? null : new TeacherLogitStore(ensemble.ensemble(),
          dataset.train(), views, directory.root());
      if (store != null) {
        writeSummary(provenance, dataset, ensemble, results, "computing teacher predictions");
        predictions.fill(store, StoredPredictions.of(ensemble.paths(), dataset, spec,
            directory.resolve("teachers")), dataset.train().size());
      }
      writeSummary(provenance, dataset, ensemble, results, plan.needsSearch() ? "searching"
          : "training students");
      SearchStage.Outcome found = null;
      if (plan.needsSearch()) {
        // Children all see the run seed's view order: the search compares them on equal terms.
        found = search.search(dataset, normalization, augmenter(views, spec.getSeed()),
            teachers(ensemble, store, views, dataset, spec.getSeed()));
        writeSummary(provenance, dataset, ensemble, results, "searched; training students");
        summaryExtra = RunSummary.search(found, spec.getSearch());
      }
      for (RunPlan.Student student : plan.students()) {
        try {
          long seed = spec.getSeed() + student.spec().getSeedOffset();
          results.add(students.train(student, dataset, normalization, augmenter(views, seed),
              teachers(ensemble, store, views, dataset, seed), found));
        } catch (RuntimeException e) {
          writeSummary(provenance, dataset, ensemble, results, "failed: student '"
              + student.name() + "': " + e.getMessage() + " (fix the cause, then resume "
              + "with 'kdas run --resume " + directory.root() + "')");
          throw e;
        }
        writeSummary(provenance, dataset, ensemble, results,
            results.size() == spec.getStudentCount() ? "finished" : "training students");
      }
      Checkpoints.delete(directory.resolve("checkpoints"));
    } finally {
      if (store != null) {
        store.close();
      }
      if (ensemble != null) {
        ensemble.ensemble().close();
      }
    }
    log.info("summary: {}", directory.resolve("summary.md"));
    return results;
  }

  /**
   * The views a model trained from {@code seed} sees: its own order over the stored pool, or
   * fresh random views of its own.
   */
  private ViewAugmenter augmenter(ViewAugmenter pool, long seed) {
    if (spec.getData().getViewMode() == ViewMode.FRESH) {
      AugmentationSpec aug = spec.getData().getAugmentation();
      return new ViewAugmenter(seed, FRESH_VIEWS, aug.getCropPadding(), aug.getHorizontalFlip());
    }
    return pool.withOrderSeed(seed);
  }

  /** Where that model gets its teachers' logits (null without teachers). */
  private TeacherSource teachers(TeacherStage.Teachers ensemble, TeacherLogitStore store,
      ViewAugmenter pool, Dataset dataset, long seed) {
    if (ensemble == null) {
      return null;
    }
    if (store == null) {
      return new FreshViewTeachers(ensemble.ensemble(), dataset.train().height(),
          dataset.train().width());
    }
    return store.inOrderOf(pool.withOrderSeed(seed));
  }

  private void writeSummary(String provenance, Dataset dataset, TeacherStage.Teachers ensemble,
      List<StudentResult> results, String status) {
    boolean settled = status.equals("finished") || status.startsWith("failed");
    String text = RunSummary.markdown(directory.root().getFileName().toString(), provenance,
        dataset, ensemble, results, settled ? status : RUNNING_MARK, summaryExtra);
    lastSummary = settled ? null : text;
    directory.write("summary.md", settled ? text : text.replace(RUNNING_MARK, "running: "
        + status + " (process " + ProcessHandle.current().pid() + "; if it is gone, the run "
        + "was interrupted: resume with 'kdas run --resume " + directory.root() + "')"));
  }
}
