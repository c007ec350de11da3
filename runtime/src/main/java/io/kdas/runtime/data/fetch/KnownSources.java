package io.kdas.runtime.data.fetch;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The data sets that {@code kdas data fetch} knows: the official archives, with the MD5 checksums
 * that their publishers list (the CIFAR page gives one for each release; torchvision and other
 * loaders check the same values, and the same value for TinyImageNet-200) and their sizes.
 */
public final class KnownSources {

  private static final List<DatasetSource> SOURCES = List.of(
      new DatasetSource("cifar10", "CIFAR-10",
          URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
          "cifar-10-binary.tar.gz", DatasetSource.Format.TAR_GZ,
          Checksum.md5("c32a1d4ab5d03f1284b67883e8d87530"), 170_052_171L,
          "cifar-10-batches-bin", "cifar10", "cifar10"),
      new DatasetSource("cifar100", "CIFAR-100",
          URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"),
          "cifar-100-binary.tar.gz", DatasetSource.Format.TAR_GZ,
          Checksum.md5("03b5dce01913d631647c71ecec9e9cb8"), 168_513_733L,
          "cifar-100-binary", "cifar100", "cifar100"),
      new DatasetSource("tinyimagenet", "TinyImageNet-200",
          URI.create("http://cs231n.stanford.edu/tiny-imagenet-200.zip"),
          "tiny-imagenet-200.zip", DatasetSource.Format.ZIP,
          Checksum.md5("90528d7ca1a48142e341f4ef8d21d0de"), 248_100_043L,
          "tiny-imagenet-200", "tiny_imagenet", "tiny-imagenet"));

  private KnownSources() {}

  /** The names: cifar10, cifar100, tinyimagenet. */
  public static List<String> names() {
    return SOURCES.stream().map(DatasetSource::name).toList();
  }

  /**
   * The source of a data set by name (case-insensitive; {@code tiny-imagenet} and {@code
   * tiny_imagenet} are accepted for {@code tinyimagenet}, {@code cifar-10} for {@code cifar10}).
   *
   * @throws IllegalArgumentException naming the known data sets if the name is not one
   */
  public static DatasetSource of(String name) {
    String key = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (DatasetSource source : SOURCES) {
      if (source.name().equals(key)) {
        return source;
      }
    }
    throw new IllegalArgumentException("unknown data set '" + name + "': expected one of "
        + String.join(", ", names()));
  }
}
