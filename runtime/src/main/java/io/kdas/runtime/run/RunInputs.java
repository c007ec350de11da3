package io.kdas.runtime.run;

import io.kdas.proto.AugmentationSpec;
import io.kdas.proto.RunSpec;
import io.kdas.proto.ViewMode;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.search.SearchContext;
import io.kdas.runtime.spec.RunPlan;
import io.kdas.runtime.teacher.FreshViewTeachers;
import io.kdas.runtime.teacher.TeacherLogitStore;
import io.kdas.runtime.train.TeacherSource;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run's jobs read, derived once per process from the plan, the data and the jobs before
 * them: the input normalization, the view pool, the teachers, the filled prediction store and the
 * search's result. Where the run is driven, each is made by running its jobs; in a cluster worker
 * the same calls restore them from the run folder, where the driver's earlier jobs left them
 * (their completion records verify).
 */
final class RunInputs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunInputs.class);
  /** Fresh views: a view pool far larger than any run, so no view is ever shown twice. */
  static final int FRESH_VIEWS = 1 << 30;

  private final RunPlan plan;
  private final RunSpec spec;
  private final RunDirectory directory;
  private final TeacherStage teacherStage;
  private final PredictionStage predictions;
  private final SearchStage searchStage;
  private final Dataset dataset;
  private final ChannelStats normalization;
  private final ViewAugmenter pool;
  private TeacherStage.Teachers teachers;
  private TeacherLogitStore store;
  private StoredPredictions storeLocation;
  private SearchContext searchContext;
  private SearchStage.Outcome search;

  RunInputs(RunPlan plan, RunDirectory directory, TeacherStage teachers,
      PredictionStage predictions, SearchStage search, Dataset dataset) {
    this.plan = plan;
    this.spec = plan.spec();
    this.directory = directory;
    this.teacherStage = teachers;
    this.predictions = predictions;
    this.searchStage = search;
    this.dataset = dataset;
    boolean normalize = spec.getData().getAugmentation().getNormalize();
    this.normalization = normalize ? ChannelStats.of(dataset.train()) : ChannelStats.none();
    log.info("input normalization: {}", normalize ? "per channel, mean "
        + Arrays.toString(normalization.mean()) + " std " + Arrays.toString(normalization.std())
        : "none (data.augmentation.normalize: false): the networks see pixel / 255");
    AugmentationSpec aug = spec.getData().getAugmentation();
    this.pool = new ViewAugmenter(spec.getSeed(), spec.getData().getTeacherViews(),
        aug.getCropPadding(), aug.getHorizontalFlip());
  }

  Dataset dataset() {
    return dataset;
  }

  ChannelStats normalization() {
    return normalization;
  }

  /** The teachers, trained or loaded and scored; null when no loss of the run reads them. */
  TeacherStage.Teachers teachers() {
    if (teachers == null && plan.needsTeachers()) {
      teachers = teacherStage.prepare(dataset, normalization);
    }
    return teachers;
  }

  /** Whether the run stores its teachers' predictions of a fixed pool of views. */
  boolean storesViews() {
    return plan.needsTeachers() && spec.getData().getViewMode() == ViewMode.STORED;
  }

  /** An empty prediction store over the pool of views (the caller closes it). */
  TeacherLogitStore newStore() {
    return new TeacherLogitStore(teachers().ensemble(), dataset.train(), pool,
        directory.root());
  }

  /**
   * Where the shards of the prediction store are kept; its key digests every teacher file and
   * the training images, so it is computed once per process.
   */
  StoredPredictions storeLocation() {
    if (storeLocation == null) {
      storeLocation = StoredPredictions.of(teachers().paths(), dataset, spec,
          directory.resolve("teachers"));
    }
    return storeLocation;
  }

  /** The prediction store with every view, filled by its shard jobs; null without one. */
  TeacherLogitStore store() {
    if (store == null && storesViews()) {
      store = newStore();
      predictions.fill(store, storeLocation(), dataset.train().size());
    }
    return store;
  }

  /**
   * The views a model trained from {@code seed} sees: its own order over the stored pool, or
   * fresh random views of its own.
   */
  ViewAugmenter augmenter(long seed) {
    if (spec.getData().getViewMode() == ViewMode.FRESH) {
      AugmentationSpec aug = spec.getData().getAugmentation();
      return new ViewAugmenter(seed, FRESH_VIEWS, aug.getCropPadding(), aug.getHorizontalFlip());
    }
    return pool.withOrderSeed(seed);
  }

  /** Where a model gets its teachers' logits (null without teachers). */
  TeacherSource teacherSource() {
    if (teachers() == null) {
      return null;
    }
    if (!storesViews()) {
      return new FreshViewTeachers(teachers.ensemble(), dataset.train().height(),
          dataset.train().width());
    }
    return store();
  }

  /** What the search's children read; they all see the run seed's view order. */
  SearchContext searchContext() {
    if (searchContext == null) {
      searchContext = searchStage.context(dataset, normalization, augmenter(spec.getSeed()),
          teacherSource());
    }
    return searchContext;
  }

  /** The search's result; null when no student is searched. */
  SearchStage.Outcome search() {
    if (search == null && plan.needsSearch()) {
      search = searchStage.search(searchContext());
    }
    return search;
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
    if (teachers != null) {
      teachers.ensemble().close();
    }
  }
}
