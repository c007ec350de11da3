package io.kdas.runtime.data;

import java.util.SplittableRandom;

/**
 * Takes class-balanced subsets of a split, for quick runs, architecture-search proxies and tests
 * that must not depend on which classes happen to come first in the data.
 */
public final class Subsets {

  private Subsets() {}

  /**
   * Keeps {@code limit} examples spread as evenly as possible over the classes.
   *
   * <p>Each class's examples are taken in a seeded shuffled order, classes are visited
   * round-robin (a class that runs out is skipped), and the kept examples are returned in a
   * seeded shuffled order, so that a subset is representative and reproducible.
   *
   * @param split the split to take examples from
   * @param limit how many examples to keep; 0, a negative value or a value of at least {@code
   *     split.size()} keeps the split unchanged
   * @param classes the number of classes; every label must be in [0, classes)
   * @param seed the seed of both shuffles
   * @return a new split of {@code limit} examples, or {@code split} itself
   */
  public static ImageSplit classBalanced(ImageSplit split, int limit, int classes, long seed) {
    int size = split.size();
    if (limit <= 0 || limit >= size) {
      return split;
    }
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1, got " + classes);
    }
    int[][] byClass = groupByClass(split.labels(), classes);
    SplittableRandom random = new SplittableRandom(seed);
    for (int[] members : byClass) {
      shuffle(members, random);
    }
    int[] chosen = new int[limit];
    int[] next = new int[classes];
    int count = 0;
    while (count < limit) {
      for (int k = 0; k < classes && count < limit; k++) {
        if (next[k] < byClass[k].length) {
          chosen[count++] = byClass[k][next[k]++];
        }
      }
    }
    shuffle(chosen, random);
    return gather(split, chosen);
  }

  private static int[][] groupByClass(int[] labels, int classes) {
    int[] counts = new int[classes];
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i];
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            "example " + i + " has label " + label + ", expected 0.." + (classes - 1));
      }
      counts[label]++;
    }
    int[][] byClass = new int[classes][];
    for (int k = 0; k < classes; k++) {
      byClass[k] = new int[counts[k]];
    }
    int[] fill = new int[classes];
    for (int i = 0; i < labels.length; i++) {
      byClass[labels[i]][fill[labels[i]]++] = i;
    }
    return byClass;
  }

  private static void shuffle(int[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  private static ImageSplit gather(ImageSplit split, int[] examples) {
    int n = split.pixelsPerImage();
    byte[] pixels = new byte[examples.length * n];
    int[] labels = new int[examples.length];
    for (int i = 0; i < examples.length; i++) {
      System.arraycopy(split.pixels(), examples[i] * n, pixels, i * n, n);
      labels[i] = split.labels()[examples[i]];
    }
    return new ImageSplit(pixels, labels, split.height(), split.width());
  }
}
