package io.kdas.runtime.data.pipeline;

import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchStreamTest {

  private static final ImageSplit SPLIT = TestImages.indexed(103, 4, 4, 5);
  private static final ViewAugmenter AUGMENTER = new ViewAugmenter(8, 3, 1, true);

  /** The example order of one epoch, checking every batch against render() on the way. */
  private static List<Integer> epoch(int epoch, long seed) {
    List<Integer> examples = new ArrayList<>();
    int n = SPLIT.pixelsPerImage();
    try (BatchStream stream = new BatchStream(SPLIT, AUGMENTER, 10, epoch, seed)) {
      assertEquals(10, stream.batches());
      while (stream.hasNext()) {
        Batch batch = stream.next();
        assertEquals(10, batch.size());
        for (int j = 0; j < batch.size(); j++) {
          int example = batch.examples()[j];
          int view = batch.views()[j];
          assertEquals(AUGMENTER.viewFor(example, epoch), view);
          assertEquals(SPLIT.labels()[example], batch.labels()[j]);
          float[] expected = new float[n];
          AUGMENTER.render(SPLIT, example, view, expected, 0);
          assertArrayEquals(expected, Arrays.copyOfRange(batch.images(), j * n, (j + 1) * n));
          examples.add(example);
        }
      }
      assertThrows(NoSuchElementException.class, stream::next);
    }
    return examples;
  }

  @Test
  void coversEachExampleAtMostOnceAndDropsThePartialBatch() {
    List<Integer> examples = epoch(0, 1);
    assertEquals(100, examples.size());
    Set<Integer> distinct = new HashSet<>(examples);
    assertEquals(100, distinct.size());
    assertTrue(examples.stream().allMatch(e -> e >= 0 && e < SPLIT.size()));
  }

  @Test
  void isDeterministicForASeedAndEpoch() {
    List<Integer> first = epoch(2, 7);
    assertEquals(first, epoch(2, 7));
    assertNotEquals(first, epoch(3, 7));
    assertNotEquals(first, epoch(2, 8));
  }

  @Test
  void theBatchBeforeTheCurrentOneStaysValid() {
    try (BatchStream stream = new BatchStream(SPLIT, AUGMENTER, 3, 0, 5)) {
      Batch previous = null;
      float[] previousImages = null;
      int[] previousExamples = null;
      while (stream.hasNext()) {
        Batch current = stream.next();
        if (previous != null) {
          assertArrayEquals(previousImages, previous.images());
          assertArrayEquals(previousExamples, previous.examples());
          assertFalse(previous == current, "the current batch must not reuse the previous buffer");
        }
        previous = current;
        previousImages = current.images().clone();
        previousExamples = current.examples().clone();
      }
    }
  }

  @Test
  void closeMidEpochStopsTheWorker() {
    ImageSplit big = TestImages.indexed(5000, 8, 8, 10);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      BatchStream stream = new BatchStream(big, AUGMENTER, 1, 77, 1);
      stream.next();
      stream.next();
      stream.close();
      assertFalse(stream.hasNext());
      assertThrows(IllegalStateException.class, stream::next);
      stream.close(); // idempotent
    });
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("kdas-batches-epoch-77") && t.isAlive()),
        "the batch thread is still running");
  }

  @Test
  void anEpochShorterThanABatchHasNoBatches() {
    try (BatchStream stream = new BatchStream(SPLIT, AUGMENTER, 200, 0, 1)) {
      assertEquals(0, stream.batches());
      assertFalse(stream.hasNext());
    }
  }

  @Test
  void evalBatchesCoverEveryExampleInOrderWithASmallerLastBatch() {
    ImageSplit split = TestImages.indexed(23, 3, 2, 4);
    int n = split.pixelsPerImage();
    List<Integer> firsts = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    BatchStream.forEachEvalBatch(split, 10, (first, images, labels, size) -> {
      firsts.add(first);
      sizes.add(size);
      for (int j = 0; j < size; j++) {
        float[] expected = new float[n];
        ViewAugmenter.renderPlain(split, first + j, expected, 0);
        assertArrayEquals(expected, Arrays.copyOfRange(images, j * n, (j + 1) * n));
        assertEquals(split.labels()[first + j], labels[j]);
      }
    });
    assertEquals(List.of(0, 10, 20), firsts);
    assertEquals(List.of(10, 10, 3), sizes);
  }
}
