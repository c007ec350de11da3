package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageRules;
import io.kdas.runtime.data.cache.CacheFolder;
import io.kdas.runtime.data.cache.CacheManifest;
import io.kdas.runtime.data.cache.DatasetCache;
import io.kdas.runtime.data.cache.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a class-per-folder data set from a {@code .tar.gz}, {@code .tgz} or {@code .tar} archive,
 * for {@link ImageFolderLoader#load} when its root is a file.
 *
 * <p>Unpacking 60,000 small files costs more than decoding them, and shared data sets are often
 * read-only archives; so the archive is read in one streaming pass, the encoded images are kept
 * in memory (about 50 MB for CIFAR-10) and decoded in parallel into their final places.
 *
 * <p>The decoded splits are cached like a folder's ({@code train-<size>.u8}, {@code
 * test-<size>.u8}, {@code classes.txt}), plus a {@link CacheManifest}, all stamped with the
 * archive's fingerprint: its path, size and modification time, and the split folder names. A
 * load with a valid cache only stats the archive and never opens it.
 */
final class ImageArchiveLoader {

  private static final Logger log = LoggerFactory.getLogger(ImageArchiveLoader.class);

  private ImageArchiveLoader() {}

  /**
   * Loads both splits, from the cache when it is valid, else from the archive (then caching).
   *
   * @param archive the absolute, normalized path of an existing regular file
   */
  static Dataset load(Path archive, String trainDir, String testDir, int imageSize,
      Path cacheDir, ImageRules rules) {
    String name = archive.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".tar.gz") && !name.endsWith(".tgz") && !name.endsWith(".tar")) {
      throw new DataException("data root " + archive + " is a file but not a .tar.gz, .tgz or "
          + ".tar archive: expected a folder or an archive with " + trainDir
          + "/<class>/*.jpg and " + testDir + "/<class>/*.jpg");
    }
    long fingerprint = fingerprint(archive, trainDir, testDir, imageSize);
    DatasetCache cache = new DatasetCache(CacheFolder.resolve(cacheDir, archive), "", imageSize);
    Dataset cached = cache.read(fingerprint);
    if (cached != null) {
      return cached;
    }
    long start = System.nanoTime();
    ImageArchiveReader.Contents contents = ImageArchiveReader.read(archive, trainDir, testDir);
    log.info("read {} train and {} test images in {} classes from {} ({} ms)",
        contents.train().size(), contents.test().size(), contents.classNames().size(), archive,
        (System.nanoTime() - start) / 1_000_000);
    ParallelDecoder.Decoded train = decode(contents.train(), imageSize, rules);
    ParallelDecoder.Decoded test = decode(contents.test(), imageSize, rules);
    String identity = "image-folder(" + archive + ")#" + ImageFolderLoader.contentHash(
        contents.train().contentKey(), contents.test().contentKey(), imageSize);
    Dataset dataset = new Dataset(identity, contents.classNames(), train.split(), test.split());
    if (train.skipped() + test.skipped() == 0) {
      cache.write(dataset, fingerprint); // a split missing skipped images is never cached
    }
    log.info("loaded {}: {} classes, {} train and {} test images of {}x{}", identity,
        dataset.classes(), dataset.train().size(), dataset.test().size(), imageSize, imageSize);
    return dataset;
  }

  private static long fingerprint(Path archive, String trainDir, String testDir, int imageSize) {
    return new Fingerprint()
        .add("image-folder-archive")
        .addFile(archive)
        .add(trainDir)
        .add(testDir)
        .add(imageSize)
        .value();
  }

  /**
   * The size an archive's valid cache manifest in {@code cacheDir} records, without reading the
   * archive or creating anything; unknown (-1) if there is no such cache.
   */
  static SourceSize cachedSize(Path archive, String trainDir, String testDir, int imageSize,
      Path cacheDir) {
    Path manifest = new DatasetCache(cacheDir, "", imageSize).manifestFile();
    if (!Files.isRegularFile(archive) || !Files.isRegularFile(manifest)) {
      return SourceSize.UNKNOWN;
    }
    CacheManifest m = CacheManifest.read(manifest,
        fingerprint(archive.toAbsolutePath().normalize(), trainDir, testDir, imageSize));
    return m == null ? SourceSize.UNKNOWN
        : new SourceSize(m.trainSize(), m.classNames().size());
  }

  private static ParallelDecoder.Decoded decode(EncodedSplit split, int imageSize,
      ImageRules rules) {
    long start = System.nanoTime();
    byte[][] images = split.images();
    ParallelDecoder.Decoded decoded = ParallelDecoder.decode(split.role(), split.where(),
        split.labels(), imageSize, rules, (decoder, i, out, offset) -> {
          decoder.decodeInto(images[i], split.names().get(i), imageSize, out, offset);
          images[i] = null; // the encoded bytes are no longer needed
        });
    log.info("decoded {} {} images in {} ms",
        split.size(), split.role(), (System.nanoTime() - start) / 1_000_000);
    return decoded;
  }
}
