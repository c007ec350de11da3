package io.kdas.runtime.data.pipeline;

import io.kdas.runtime.data.ImageSplit;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The augmented training batches of one epoch, rendered ahead of the consumer on one background
 * thread so that augmentation overlaps with the training step.
 *
 * <p>The epoch's order is a Fisher-Yates permutation seeded by (seed, epoch); every example is
 * shown at most once, in view {@code augmenter.viewFor(example, epoch)}. The last partial batch is
 * dropped so that every training step has the same shape (a graph with a fixed batch dimension
 * and no retracing).
 *
 * <p><b>Buffer contract.</b> Batches are rendered into a small ring of reused buffers, so that an
 * epoch allocates nothing per batch. A {@link Batch} returned by {@link #next()} stays valid until
 * the next-but-one call of {@code next()}: the caller may hold the current and the previous batch
 * (e.g. while an asynchronous step still reads the previous one), never more. Copy what must live
 * longer.
 *
 * <p>Always close the stream (try-with-resources): {@link #close()} stops the worker promptly,
 * even mid-epoch. An exception on the worker is rethrown from {@code next()}.
 */
public final class BatchStream implements AutoCloseable, Iterator<Batch> {

  private static final Logger log = LoggerFactory.getLogger(BatchStream.class);

  /** How many rendered batches may wait for the consumer. */
  private static final int PREFETCH = 2;
  /** Prefetched batches plus the two the consumer may hold (current and previous). */
  private static final int RING = PREFETCH + 2;
  private static final long ORDER_SALT = 0x0DE5_EED5L;

  private final ImageSplit split;
  private final ViewAugmenter augmenter;
  private final int batchSize;
  private final int epoch;
  private final int batches;
  private final int[] order;
  private final BatchTargets targets;
  private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(RING);
  private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(PREFETCH);
  private final Thread worker;
  private final int firstBatch;

  private Batch current;
  private Batch previous;
  private int delivered;
  private volatile boolean closed;

  /** A failure on the worker thread, delivered in place of a batch. */
  private record Failure(Throwable error) {}

  /**
   * Starts rendering the batches of one epoch.
   *
   * @param split the training split
   * @param augmenter the view pool to draw each example's view from
   * @param batchSize the number of examples per batch, at least 1
   * @param epoch the epoch, which selects the order and the views
   * @param seed the seed of the order (the views are seeded by the augmenter)
   */
  public BatchStream(
      ImageSplit split, ViewAugmenter augmenter, int batchSize, int epoch, long seed) {
    this(split, null, augmenter, batchSize, epoch, seed);
  }

  /**
   * Starts rendering the batches of one epoch over some examples of a split, e.g. the training
   * part of a split whose other examples are held out for validation. Examples keep their index
   * in the split (and so their views and stored teacher predictions).
   *
   * @param pool indices of the examples to draw from, or null for all
   */
  public BatchStream(ImageSplit split, int[] pool, ViewAugmenter augmenter, int batchSize,
      int epoch, long seed) {
    this(split, pool, augmenter, batchSize, epoch, seed, null);
  }

  /**
   * As {@link #BatchStream(ImageSplit, int[], ViewAugmenter, int, int, long)}, and computes
   * {@code targets} for every batch on the worker thread after rendering it, so that the work
   * (e.g. frozen teachers run on exactly the rendered images) overlaps with the training step.
   *
   * @param targets what to compute per batch into {@link Batch#targets()}, or null
   */
  public BatchStream(ImageSplit split, int[] pool, ViewAugmenter augmenter, int batchSize,
      int epoch, long seed, BatchTargets targets) {
    this(split, pool, augmenter, batchSize, epoch, seed, targets, 0);
  }

  /**
   * As {@link #BatchStream(ImageSplit, int[], ViewAugmenter, int, int, long, BatchTargets)},
   * starting at batch {@code firstBatch} of the epoch (a training resumed mid-epoch): the same
   * order, the earlier batches not rendered.
   */
  public BatchStream(ImageSplit split, int[] pool, ViewAugmenter augmenter, int batchSize,
      int epoch, long seed, BatchTargets targets, int firstBatch) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.split = split;
    this.augmenter = augmenter;
    this.batchSize = batchSize;
    this.epoch = epoch;
    int examples = pool == null ? split.size() : pool.length;
    this.batches = examples / batchSize;
    if (batches == 0) {
      log.warn(
          "epoch {} has no batches: {} examples are fewer than the batch size {}",
          epoch, examples, batchSize);
    }
    int[] shuffled =
        permutation(examples, new SplittableRandom(Hashing.combine(seed, ORDER_SALT, epoch)));
    if (pool != null) {
      for (int i = 0; i < shuffled.length; i++) {
        shuffled[i] = pool[shuffled[i]];
      }
    }
    this.order = shuffled;
    this.targets = targets;
    if (firstBatch < 0 || firstBatch > batches) {
      throw new IllegalArgumentException("first batch " + firstBatch + " of " + batches);
    }
    this.delivered = firstBatch;
    this.firstBatch = firstBatch;
    int pixels = split.pixelsPerImage();
    int targetFloats = targets == null ? 0 : targets.floatsPerImage();
    for (int i = 0; i < Math.min(RING, Math.max(batches, 1)); i++) {
      free.add(Batch.allocate(batchSize, pixels, targetFloats));
    }
    worker = new Thread(this::produce, "kdas-batches-epoch-" + epoch);
    worker.setDaemon(true);
    worker.start();
  }

  /** The number of (full) batches of the epoch: {@code split.size() / batchSize}. */
  public int batches() {
    return batches;
  }

  @Override
  public boolean hasNext() {
    return !closed && delivered < batches;
  }

  /**
   * Returns the next batch, waiting for the worker if needed. The returned batch is valid until
   * the next-but-one call of this method; the call also hands the batch before the previous one
   * back to the worker for refilling.
   *
   * @throws NoSuchElementException if the epoch is over
   * @throws IllegalStateException if the stream is closed
   */
  @Override
  public Batch next() {
    if (closed) {
      throw new IllegalStateException("the batch stream of epoch " + epoch + " is closed");
    }
    if (delivered >= batches) {
      throw new NoSuchElementException("epoch " + epoch + " has only " + batches + " batches");
    }
    if (previous != null) {
      free.add(previous); // never blocks: the ring holds at most RING buffers
    }
    previous = current;
    Object item;
    try {
      item = ready.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    }
    if (item instanceof Failure failure) {
      close();
      Throwable error = failure.error();
      if (error instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (error instanceof Error fatal) {
        throw fatal;
      }
      throw new IllegalStateException("preparing a batch failed: " + error, error);
    }
    current = (Batch) item;
    delivered++;
    return current;
  }

  /** Stops the worker thread, promptly even mid-epoch; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    worker.interrupt();
    try {
      worker.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      log.warn("batch thread {} did not stop within 5 s", worker.getName());
    }
  }

  private void produce() {
    try {
      int pixels = split.pixelsPerImage();
      for (int b = firstBatch; b < batches && !closed; b++) {
        Batch batch = free.take();
        for (int j = 0; j < batchSize; j++) {
          int example = order[b * batchSize + j];
          int view = augmenter.viewFor(example, epoch);
          batch.examples()[j] = example;
          batch.views()[j] = view;
          batch.labels()[j] = split.labels()[example];
          augmenter.render(split, example, view, batch.images(), j * pixels);
        }
        if (targets != null) {
          targets.compute(batch, batch.targets());
        }
        ready.put(batch);
      }
    } catch (InterruptedException e) {
      // close() was called: stop quietly.
    } catch (Throwable t) {
      try {
        ready.put(new Failure(t)); // waits for room; close() interrupts the wait
      } catch (InterruptedException e) {
        // closed while waiting: nobody will ask for the failure anymore.
      }
    }
  }

  /**
   * Renders every example of a split without augmentation, in order, in batches of {@code
   * batchSize} (the last batch may be smaller), on the calling thread; for evaluation, which must
   * see every example exactly once.
   */
  public static void forEachEvalBatch(
      ImageSplit split, int batchSize, EvalBatchConsumer consumer) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    int pixels = split.pixelsPerImage();
    int capacity = Math.min(batchSize, Math.max(split.size(), 1));
    float[] images = new float[capacity * pixels];
    int[] labels = new int[capacity];
    for (int first = 0; first < split.size(); first += batchSize) {
      int size = Math.min(batchSize, split.size() - first);
      for (int j = 0; j < size; j++) {
        ViewAugmenter.renderPlain(split, first + j, images, j * pixels);
        labels[j] = split.labels()[first + j];
      }
      consumer.accept(first, images, labels, size);
    }
  }

  private static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
