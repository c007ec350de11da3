package io.kdas.runtime.data.source;

import io.kdas.proto.DatasetSpec;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageRules;
import java.nio.file.Path;

/**
 * A data set that a spec names (a CIFAR release, TinyImageNet, a folder or archive of images, or
 * a generated task): what can be known of it cheaply, for validation, and its loading.
 */
public interface DataSource {

  /** Its size as far as known without decoding anything; never reads an image. */
  SourceSize size();

  /**
   * Loads both splits, from the decoded-pixel cache when it is valid.
   *
   * @throws io.kdas.runtime.data.DataException naming the file (and entry, record or line) when
   *     the data cannot be read
   */
  Dataset load();

  /**
   * The source of a spec's {@code data} section, before {@code train_limit} and {@code
   * test_limit} (paths relative to the working directory).
   *
   * @param seed the run's seed, which a generated task is drawn with
   */
  static DataSource of(DatasetSpec data, long seed) {
    ImageRules rules = new ImageRules(data.getMaxImagePixels(), data.getSkipCorruptImages());
    return switch (data.getSourceCase()) {
      case SYNTHETIC -> new SyntheticSource(data.getSynthetic(), seed);
      case IMAGE_FOLDER -> new ImageFolderSource(data.getImageFolder(), rules);
      case CIFAR10 -> new CifarSource(Path.of(data.getCifar10().getPath()), CifarFormat.CIFAR10,
          cacheDir(data.getCifar10().getCacheDir(), "cifar10"));
      case CIFAR100 -> new CifarSource(Path.of(data.getCifar100().getPath()),
          data.getCifar100().getCoarseLabels() ? CifarFormat.CIFAR100_COARSE
              : CifarFormat.CIFAR100_FINE,
          cacheDir(data.getCifar100().getCacheDir(), "cifar100"));
      case TINY_IMAGENET -> new TinyImageNetSource(Path.of(data.getTinyImagenet().getPath()),
          data.getTinyImagenet().getImageSize(),
          cacheDir(data.getTinyImagenet().getCacheDir(), "tiny-imagenet"), rules);
      case SOURCE_NOT_SET -> throw new IllegalArgumentException("the data section names no source");
    };
  }

  private static Path cacheDir(String given, String name) {
    return given.isEmpty() ? Path.of(".kdas-cache", name) : Path.of(given);
  }
}
