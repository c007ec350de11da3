package io.kdas.runtime.teacher;

import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.pipeline.Batch;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.train.Accuracy;
import io.kdas.runtime.train.ProgressLog;
import io.kdas.runtime.train.TeacherSource;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The teachers' logits of every training example in each of its augmented views, computed once
 * and reused by every epoch and every student. Epoch e shows example i in view {@code
 * augmenter.viewFor(i, e)}; before an epoch starts, the views it shows that are not stored yet are
 * rendered and run through the teachers in large batches. After {@code views} epochs (or fewer)
 * the store is warm and a distillation step costs a copy of [batch, K, C] floats.
 *
 * <p>The predictions (examples x views x teachers x classes floats) stay on the heap while they
 * take at most a quarter of it; larger stores (TinyImageNet: 6.4 GB) live in a memory-mapped
 * scratch file in the run directory, so their size is bounded by disk, not by {@code -Xmx}.
 */
public final class TeacherLogitStore implements TeacherSource, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TeacherLogitStore.class);
  private static final int CHUNK = 250;

  private final TeacherEnsemble ensemble;
  private final ImageSplit train;
  private final ViewAugmenter augmenter;
  private final int stride; // floats per (example, view): K * C
  private final ChunkedFloats logits;
  private final BitSet stored;
  private long computedViews;

  /**
   * A store on the heap if it takes at most a quarter of the heap, else mapped from a scratch
   * file in {@code scratchDir}.
   */
  public TeacherLogitStore(TeacherEnsemble ensemble, ImageSplit train, ViewAugmenter augmenter,
      Path scratchDir) {
    this(ensemble, train, augmenter, scratchDir, ChunkedFloats.MAX_CHUNK_FLOATS,
        heapBudget(Runtime.getRuntime().maxMemory()));
  }

  TeacherLogitStore(TeacherEnsemble ensemble, ImageSplit train, ViewAugmenter augmenter,
      Path scratchDir, int chunkFloats, long heapBudget) {
    this.ensemble = ensemble;
    this.train = train;
    this.augmenter = augmenter;
    this.stride = ensemble.size() * ensemble.classes();
    long slots = (long) train.size() * augmenter.views();
    if (slots > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(train.size() + " examples x " + augmenter.views()
          + " views are more than a store can index: lower data.teacher_views");
    }
    this.logits = new ChunkedFloats(slots, stride, chunkFloats, heapBudget, scratchDir);
    this.stored = new BitSet((int) slots);
    if (logits.mapped()) {
      log.info("teacher predictions: {} MB, more than a quarter of the heap: kept in a "
          + "memory-mapped file in {}", logits.bytes() >> 20, scratchDir);
    }
  }

  /** The bytes a store may take on a heap of {@code maxHeap} bytes; larger ones are mapped. */
  public static long heapBudget(long maxHeap) {
    return maxHeap / 4;
  }

  @Override
  public int teachers() {
    return ensemble.size();
  }

  @Override
  public void prepareEpoch(int epoch) {
    int[] examples = new int[train.size()];
    int[] views = new int[train.size()];
    int count = 0;
    for (int i = 0; i < train.size(); i++) {
      int view = augmenter.viewFor(i, epoch);
      if (!stored.get(i * augmenter.views() + view)) {
        examples[count] = i;
        views[count++] = view;
      }
    }
    compute(examples, views, count, "teacher predictions for epoch " + (epoch + 1) + " views");
  }

  /** Computes every view of the examples {@code [first, end)} that is not stored yet. */
  public void computeExamples(int first, int end, String label) {
    int perExample = augmenter.views();
    int[] examples = new int[(end - first) * perExample];
    int[] views = new int[examples.length];
    int count = 0;
    for (int i = first; i < end; i++) {
      for (int v = 0; v < perExample; v++) {
        if (!stored.get(i * perExample + v)) {
          examples[count] = i;
          views[count++] = v;
        }
      }
    }
    compute(examples, views, count, label);
  }

  /** Runs the teachers on the first {@code count} (example, view) pairs and stores the logits. */
  private void compute(int[] examples, int[] views, int count, String label) {
    if (count == 0) {
      return;
    }
    ProgressLog progress = new ProgressLog(label, count);
    int pixels = train.pixelsPerImage();
    float[] images = new float[CHUNK * pixels];
    float[] chunkLogits = new float[CHUNK * stride];
    float[] scratch = new float[CHUNK * ensemble.classes()];
    for (int start = 0; start < count; start += CHUNK) {
      int n = Math.min(CHUNK, count - start);
      for (int j = 0; j < n; j++) {
        augmenter.render(train, examples[start + j], views[start + j], images, j * pixels);
      }
      ensemble.logits(images, n, train.height(), train.width(), chunkLogits, scratch);
      Accuracy.requireFinite(n == CHUNK ? chunkLogits : Arrays.copyOf(chunkLogits, n * stride),
          stride, "the teachers", "their predictions for the teacher store (as [example, "
              + "teacher x class], examples counted in this chunk)");
      for (int j = 0; j < n; j++) {
        int slot = examples[start + j] * augmenter.views() + views[start + j];
        logits.put(slot, chunkLogits, j * stride);
        stored.set(slot);
      }
      progress.update(start + n, "");
    }
    computedViews += count;
    log.debug("teacher store: {} views computed so far", computedViews);
  }

  @Override
  public void logits(Batch batch, float[] out) {
    int views = augmenter.views();
    for (int j = 0; j < batch.size(); j++) {
      int slot = batch.examples()[j] * views + batch.views()[j];
      if (!stored.get(slot)) {
        throw new IllegalStateException("teacher logits of example " + batch.examples()[j]
            + " view " + batch.views()[j] + " were not prepared");
      }
      logits.get(slot, out, j * stride);
    }
  }

  /**
   * Loads the predictions of the examples {@code [first, end)} (every view) that an earlier
   * {@link #save} of the same range wrote under the same key, if any.
   *
   * @param key everything the predictions depend on (teachers, data, views, seed)
   * @return how many (example, view) predictions were loaded
   */
  public int load(Path file, String key, int first, int end) {
    long from = (long) first * augmenter.views();
    long count = (long) (end - first) * augmenter.views();
    try {
      switch (StoreFile.read(file, key, stored, logits, from, count)) {
        case LOADED -> {
          int loaded = stored.get((int) from, (int) (from + count)).cardinality();
          log.debug("teacher predictions: {} (example, view) pairs loaded from {}", loaded,
              file);
          return loaded;
        }
        case CORRUPT -> log.warn("teacher predictions {} are corrupt or truncated (their "
            + "length or checksum does not match): not used; computing them again", file);
        default -> { }
      }
    } catch (java.io.IOException e) {
      log.warn("ignoring unreadable teacher predictions {}: {}", file, e.getMessage());
    }
    return 0;
  }

  /** Saves the predictions of the examples {@code [first, end)}, atomically. */
  public void save(Path file, String key, int first, int end) {
    try {
      StoreFile.write(file, key, stored, logits, (long) first * augmenter.views(),
          (long) (end - first) * augmenter.views());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot save teacher predictions to " + file, e);
    }
  }

  /** How many (example, view) pairs of the examples {@code [first, end)} are stored. */
  public int storedViews(int first, int end) {
    return stored.get(first * augmenter.views(), end * augmenter.views()).cardinality();
  }

  /** The number of augmented views per example. */
  public int views() {
    return augmenter.views();
  }

  /** How many (example, view) predictions the teachers have computed. */
  public long computedViews() {
    return computedViews;
  }

  /** Bytes held by the store. */
  public long bytes() {
    return logits.bytes();
  }

  /** Whether the store lives in a memory-mapped file rather than on the heap. */
  public boolean mapped() {
    return logits.mapped();
  }

  /** Deletes a mapped store's scratch file. */
  @Override
  public void close() {
    logits.close();
  }
}
