package io.kdas.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubsetsTest {

  /** A split whose example i has label labels[i] and every pixel byte equal to i. */
  private static ImageSplit tagged(int[] labels) {
    byte[] pixels = new byte[labels.length * 12];
    for (int i = 0; i < labels.length; i++) {
      Arrays.fill(pixels, i * 12, (i + 1) * 12, (byte) i);
    }
    return new ImageSplit(pixels, labels, 2, 2);
  }

  private static int[] classCounts(ImageSplit split, int classes) {
    int[] counts = new int[classes];
    for (int label : split.labels()) {
      counts[label]++;
    }
    return counts;
  }

  @Test
  void keepsTheSplitWhenThereIsNoLimit() {
    ImageSplit split = tagged(new int[] {0, 1, 2, 0});
    assertSame(split, Subsets.classBalanced(split, 0, 3, 1));
    assertSame(split, Subsets.classBalanced(split, -5, 3, 1));
    assertSame(split, Subsets.classBalanced(split, 4, 3, 1));
    assertSame(split, Subsets.classBalanced(split, 10, 3, 1));
  }

  @Test
  void spreadsTheLimitEvenlyOverClasses() {
    int[] labels = new int[30];
    for (int i = 0; i < 30; i++) {
      labels[i] = i / 10; // sorted by class, as a folder listing is
    }
    ImageSplit subset = Subsets.classBalanced(tagged(labels), 7, 3, 42);
    assertEquals(7, subset.size());
    assertArrayEquals(new int[] {3, 2, 2}, classCounts(subset, 3));
  }

  @Test
  void skipsClassesThatRunOut() {
    int[] labels = new int[22];
    for (int i = 0; i < 22; i++) {
      labels[i] = i < 10 ? 0 : i < 20 ? 1 : 2;
    }
    ImageSplit subset = Subsets.classBalanced(tagged(labels), 12, 3, 42);
    assertArrayEquals(new int[] {5, 5, 2}, classCounts(subset, 3));
  }

  @Test
  void keepsDistinctExamplesWithTheirOwnPixelsAndLabels() {
    int[] labels = new int[40];
    for (int i = 0; i < 40; i++) {
      labels[i] = i % 4;
    }
    ImageSplit subset = Subsets.classBalanced(tagged(labels), 17, 4, 3);
    Set<Integer> seen = new HashSet<>();
    for (int j = 0; j < subset.size(); j++) {
      int original = subset.pixels()[j * 12];
      assertTrue(seen.add(original), "example " + original + " kept twice");
      assertEquals(labels[original], subset.labels()[j]);
      for (int b = 0; b < 12; b++) {
        assertEquals(original, subset.pixels()[j * 12 + b]);
      }
    }
  }

  @Test
  void isDeterministicForASeedAndShuffled() {
    int[] labels = new int[200];
    for (int i = 0; i < 200; i++) {
      labels[i] = i / 20;
    }
    ImageSplit split = tagged(labels);
    ImageSplit a = Subsets.classBalanced(split, 50, 10, 9);
    ImageSplit b = Subsets.classBalanced(split, 50, 10, 9);
    ImageSplit c = Subsets.classBalanced(split, 50, 10, 10);
    assertArrayEquals(a.pixels(), b.pixels());
    assertArrayEquals(a.labels(), b.labels());
    assertFalse(Arrays.equals(a.pixels(), c.pixels()));
    int[] sortedLabels = a.labels().clone();
    Arrays.sort(sortedLabels);
    assertFalse(Arrays.equals(sortedLabels, a.labels()), "the subset should be shuffled");
  }
}
