package io.kdas.runtime.data.cache;

import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageSplit;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache of a whole data set whose source is costly to list (an archive, binary batches): a
 * {@link CacheManifest} plus one {@link SplitCache} file per split, all stamped with the source's
 * fingerprint.
 *
 * <p>Files are {@code <prefix>train-<size>.u8}, {@code <prefix>test-<size>.u8}, {@code
 * <prefix>classes.txt} (for people) and {@code <prefix>manifest-<size>.txt}; the prefix keeps the
 * caches of different loaders or options (CIFAR-100 fine and coarse labels) in one folder apart.
 * The manifest is written last, each file atomically, so a reader that finds a manifest with the
 * current fingerprint finds split files of that fingerprint too; each split file is still checked
 * in full (size, count, labels) and anything partial or stale means a rebuild.
 */
public final class DatasetCache {

  private static final Logger log = LoggerFactory.getLogger(DatasetCache.class);

  private final Path dir;
  private final String prefix;
  private final int imageSize;

  /**
   * @param dir the cache folder, or null for no caching
   * @param prefix the prefix of the cache file names ("" or e.g. "cifar10-")
   * @param imageSize the height and width of the cached images
   */
  public DatasetCache(Path dir, String prefix, int imageSize) {
    this.dir = dir;
    this.prefix = prefix;
    this.imageSize = imageSize;
  }

  /** The cache file of a split, or null without a cache folder. */
  public Path splitFile(String role) {
    return dir == null ? null : dir.resolve(prefix + role + "-" + imageSize + ".u8");
  }

  /** The manifest file, or null without a cache folder. */
  public Path manifestFile() {
    return dir == null ? null : dir.resolve(prefix + "manifest-" + imageSize + ".txt");
  }

  /** The cached data set if the cache is complete and stamped with {@code fingerprint}. */
  public Dataset read(long fingerprint) {
    if (dir == null) {
      return null;
    }
    long start = System.nanoTime();
    CacheManifest manifest = CacheManifest.read(manifestFile(), fingerprint);
    if (manifest == null) {
      return null;
    }
    int classes = manifest.classNames().size();
    ImageSplit train =
        SplitCache.read(splitFile("train"), manifest.trainSize(), imageSize, classes, fingerprint);
    if (train == null) {
      return null;
    }
    ImageSplit test =
        SplitCache.read(splitFile("test"), manifest.testSize(), imageSize, classes, fingerprint);
    if (test == null) {
      return null;
    }
    log.info("read {} train and {} test images from cache {} in {} ms",
        train.size(), test.size(), manifestFile(), (System.nanoTime() - start) / 1_000_000);
    return new Dataset(manifest.identity(), manifest.classNames(), train, test);
  }

  /** Caches {@code dataset}; a failure is logged, not thrown (caching is an optimization). */
  public void write(Dataset dataset, long fingerprint) {
    if (dir == null) {
      return;
    }
    CacheManifest manifest = new CacheManifest(fingerprint, dataset.identity(),
        dataset.classNames(), dataset.train().size(), dataset.test().size());
    if (!manifest.storable()) {
      log.warn("not caching {}: a class name or the identity contains a line break",
          dataset.identity());
      return;
    }
    Path current = manifestFile();
    try {
      current = splitFile("train");
      SplitCache.write(current, dataset.train(), dataset.classes(), fingerprint);
      current = splitFile("test");
      SplitCache.write(current, dataset.test(), dataset.classes(), fingerprint);
      current = dir.resolve(prefix + "classes.txt");
      SplitCache.writeLines(current, dataset.classNames());
      current = manifestFile();
      manifest.write(current);
      log.info("cached {} in {}", dataset.identity(), dir);
    } catch (IOException e) {
      log.warn("cannot write cache {}: {}; the source will be read again next time",
          current, e.toString());
    }
  }
}
