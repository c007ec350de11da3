package io.kdas.runtime.search;

import io.kdas.runtime.data.ImageSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A validation split held out of the training split to score children: stratified by class and
 * fixed by the seed. Examples keep their indices in the training split, so their augmented views
 * and stored teacher predictions are the same as in the final training.
 *
 * @param train indices that children train on
 * @param validation indices that score them
 */
public record HoldOut(int[] train, int[] validation) {

  /** Holds out {@code size} examples, as evenly over classes as the split allows. */
  public static HoldOut of(ImageSplit split, int size, int classes, long seed) {
    if (size <= 0 || size >= split.size()) {
      throw new IllegalArgumentException("validation_examples " + size + " must be between 1 "
          + "and " + (split.size() - 1) + " (the training split has " + split.size() + ")");
    }
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < split.size(); i++) {
      byClass.get(split.labels()[i]).add(i);
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x5EA2C4L);
    for (List<Integer> members : byClass) {
      for (int i = members.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        Integer t = members.get(i);
        members.set(i, members.get(j));
        members.set(j, t);
      }
    }
    boolean[] held = new boolean[split.size()];
    int taken = 0;
    for (int round = 0; taken < size; round++) {
      for (List<Integer> members : byClass) {
        if (round < members.size() && taken < size) {
          held[members.get(round)] = true;
          taken++;
        }
      }
    }
    int[] validation = new int[size];
    int[] train = new int[split.size() - size];
    int v = 0;
    int t = 0;
    for (int i = 0; i < split.size(); i++) {
      if (held[i]) {
        validation[v++] = i;
      } else {
        train[t++] = i;
      }
    }
    return new HoldOut(train, validation);
  }

  /** A copy of the held-out examples as a split of its own, for evaluation. */
  public ImageSplit validationSplit(ImageSplit split) {
    int pixels = split.pixelsPerImage();
    byte[] data = new byte[validation.length * pixels];
    int[] labels = new int[validation.length];
    for (int k = 0; k < validation.length; k++) {
      System.arraycopy(split.pixels(), validation[k] * pixels, data, k * pixels, pixels);
      labels[k] = split.labels()[validation[k]];
    }
    return new ImageSplit(data, labels, split.height(), split.width());
  }
}
