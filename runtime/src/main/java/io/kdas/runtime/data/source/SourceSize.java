package io.kdas.runtime.data.source;

/**
 * The shape of a data source as far as it can be known cheaply, before anything is decoded
 * ({@link DataSource#size}): what the spec says (a generated task), what a release always holds
 * (CIFAR: 50,000 training images; TinyImageNet: 100,000 in 200 classes), a count of the files
 * of an image folder, or what the cache of an earlier run recorded for an archive.
 *
 * @param trainExamples the training examples, or -1 if unknown
 * @param classes the number of classes, or -1 if unknown
 */
public record SourceSize(int trainExamples, int classes) {

  /** Nothing known. */
  public static final SourceSize UNKNOWN = new SourceSize(-1, -1);

  public boolean knowsTrainExamples() {
    return trainExamples >= 0;
  }

  public boolean knowsClasses() {
    return classes >= 0;
  }

  /**
   * The size after {@code train_limit} (0: no limit), which takes at most that many: an upper
   * bound even where the source's own size is unknown.
   */
  public SourceSize limitedTo(int trainLimit) {
    if (trainLimit <= 0) {
      return this;
    }
    return new SourceSize(
        knowsTrainExamples() ? Math.min(trainLimit, trainExamples) : trainLimit, classes);
  }
}
