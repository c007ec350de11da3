package io.kdas.runtime.data.source;

import io.kdas.runtime.data.CorruptImageException;
import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.ImageRules;
import io.kdas.runtime.data.ImageSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the images of one split into one flat pixel array, on a fixed pool of one thread per
 * processor, whatever holds the encoded images (files in a folder, entries of an archive already
 * in memory, entries of a zip file system).
 *
 * <p>Image {@code i} is written at {@code i * size * size * 3}, so the result does not depend on
 * which thread decodes which image. Threads claim images in small runs from a shared counter
 * (cheap, and balanced however uneven the images are) and each owns its {@link ImageDecoder},
 * whose readers are not thread-safe. The first failure stops the others and is rethrown as is.
 */
final class ParallelDecoder {

  private static final Logger log = LoggerFactory.getLogger(ParallelDecoder.class);

  /** Images claimed by a decoding thread at a time: amortizes the shared counter. */
  private static final int CLAIM = 32;
  /** Splits smaller than this decode in well under a second: no progress lines for them. */
  private static final int PROGRESS_MIN_IMAGES = 1000;

  /** Decodes image {@code index} into {@code out[offset ..]}; called on a pool thread. */
  @FunctionalInterface
  interface Task {
    void decodeInto(ImageDecoder decoder, int index, byte[] out, int offset);
  }

  private ParallelDecoder() {}

  /**
   * The number of pixel bytes of {@code count} images of {@code size x size}.
   *
   * @throws DataException naming {@code where} if they do not fit in one array
   */
  static int pixelBytes(String role, String where, int count, int size) {
    long bytes = (long) count * size * size * ImageSplit.CHANNELS;
    if (bytes > Integer.MAX_VALUE - 16) {
      throw new DataException(
          role + " folder " + where + " has " + count + " images: at " + size + "x" + size
              + " that is " + bytes + " bytes, more than one array can hold (2 GB); use a "
              + "smaller image size");
    }
    return (int) bytes;
  }

  /**
   * A decoded split.
   *
   * @param split the images that decoded, with their labels
   * @param skipped how many corrupt images were dropped (only with {@code skip_corrupt_images});
   *     such a split is not cached, so that a run without the option still sees the error
   */
  record Decoded(ImageSplit split, int skipped) {}

  /**
   * Decodes {@code labels.length} images into a split.
   *
   * @param role the split ("train" or "test"), for thread names and progress lines
   * @param where the source of the images, for messages
   * @param size the height and width of every decoded image
   */
  static Decoded decode(String role, String where, int[] labels, int size, ImageRules rules,
      Task task) {
    int count = labels.length;
    java.util.Set<Integer> skipped = java.util.concurrent.ConcurrentHashMap.newKeySet();
    byte[] pixels = decode(role, where, count, size, rules, skipped, task);
    if (skipped.isEmpty()) {
      return new Decoded(new ImageSplit(pixels, labels.clone(), size, size), 0);
    }
    int perImage = size * size * ImageSplit.CHANNELS;
    int kept = count - skipped.size();
    if (kept == 0) {
      throw new DataException("every " + role + " image of " + where + " is corrupt");
    }
    byte[] keptPixels = new byte[kept * perImage];
    int[] keptLabels = new int[kept];
    for (int i = 0, j = 0; i < count; i++) {
      if (!skipped.contains(i)) {
        System.arraycopy(pixels, i * perImage, keptPixels, j * perImage, perImage);
        keptLabels[j++] = labels[i];
      }
    }
    log.warn("skipped {} corrupt {} images of {} (data.skip_corrupt_images); {} images left",
        skipped.size(), role, where, kept);
    return new Decoded(new ImageSplit(keptPixels, keptLabels, size, size), skipped.size());
  }

  private static byte[] decode(String role, String where, int count, int size, ImageRules rules,
      java.util.Set<Integer> skipped, Task task) {
    int perImage = size * size * ImageSplit.CHANNELS;
    byte[] pixels = new byte[pixelBytes(role, where, count, size)];
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), count));
    AtomicInteger nextIndex = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    // Progress every 10%, for splits large enough that decoding takes a noticeable time.
    int step = count >= PROGRESS_MIN_IMAGES ? Math.max(1, count / 10) : Integer.MAX_VALUE;
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads(role));
    try {
      List<Future<?>> workers = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          try (ImageDecoder decoder = new ImageDecoder(rules.maxPixels())) {
            while (!failed.get()) {
              int first = nextIndex.getAndAdd(CLAIM);
              if (first >= count) {
                return null;
              }
              int last = Math.min(count, first + CLAIM);
              for (int i = first; i < last; i++) {
                try {
                  task.decodeInto(decoder, i, pixels, i * perImage);
                } catch (CorruptImageException e) {
                  if (!rules.skipCorrupt()) {
                    failed.set(true);
                    throw e;
                  }
                  log.warn("skipping: {}", e.getMessage());
                  skipped.add(i);
                } catch (RuntimeException e) {
                  failed.set(true);
                  throw e;
                }
                int finished = done.incrementAndGet();
                if (finished % step == 0) {
                  log.info("decoding {}: {}/{} images", role, finished, count);
                }
              }
            }
            return null;
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new DataException("decoding " + where + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataException("interrupted while decoding " + where, e);
    } finally {
      pool.shutdownNow();
    }
    return pixels;
  }

  private static ThreadFactory daemonThreads(String role) {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "kdas-decode-" + role + "-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
