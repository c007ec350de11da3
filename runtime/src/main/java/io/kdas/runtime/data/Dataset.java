package io.kdas.runtime.data;

import java.util.List;
import java.util.Objects;

/**
 * A labeled image data set with a train and a test split, as every stage of a run consumes it.
 *
 * @param identity a short string that identifies the data (its source and a content fingerprint),
 *     recorded in run reports so that two results can be checked to come from the same data
 * @param classNames the class names; a label {@code k} means {@code classNames.get(k)}
 * @param train the training split
 * @param test the test split
 */
public record Dataset(String identity, List<String> classNames, ImageSplit train, ImageSplit test) {

  /** Checks that both splits have the same image size and only labels of known classes. */
  public Dataset {
    Objects.requireNonNull(identity, "identity");
    classNames = List.copyOf(classNames);
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    if (classNames.isEmpty()) {
      throw new IllegalArgumentException("a data set needs at least one class");
    }
    if (train.height() != test.height() || train.width() != test.width()) {
      throw new IllegalArgumentException(
          "train images are " + train.height() + "x" + train.width() + " but test images are "
              + test.height() + "x" + test.width());
    }
    checkLabels("train", train, classNames.size());
    checkLabels("test", test, classNames.size());
  }

  /** The number of classes. */
  public int classes() {
    return classNames.size();
  }

  private static void checkLabels(String split, ImageSplit images, int classes) {
    int[] labels = images.labels();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            split + " example " + i + " has label " + labels[i] + ", expected 0.." + (classes - 1));
      }
    }
  }
}
