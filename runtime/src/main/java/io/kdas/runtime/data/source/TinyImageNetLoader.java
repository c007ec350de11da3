package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageRules;
import io.kdas.runtime.data.archive.FileTree;
import io.kdas.runtime.data.archive.FolderTree;
import io.kdas.runtime.data.archive.ZipTree;
import io.kdas.runtime.data.cache.CacheFolder;
import io.kdas.runtime.data.cache.DatasetCache;
import io.kdas.runtime.data.cache.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads TinyImageNet-200 (the KDAS paper's second benchmark): 200 classes, 100,000 training
 * images and the 10,000 labeled validation images as the test split, from the {@code
 * tiny-imagenet-200} folder, its parent, or the official {@code tiny-imagenet-200.zip} read in
 * place.
 *
 * <p>Classes are in {@code wnids.txt} order and named by {@code words.txt}; see {@link
 * TinyImageNetListing} for the layout and its checks. Images (64x64 in the release, any size
 * accepted; some are grayscale and become R = G = B) are decoded in parallel and resized to the
 * requested size. The zip is read in place ({@link ZipTree}: random access, so images are
 * decoded straight from it in parallel without holding them in memory). The decoded splits are cached
 * ({@link DatasetCache}): for the zip stamped with its path, size and modification time, so a
 * load with a valid cache only stats it; for a folder stamped with every file's attributes, as
 * {@link ImageFolderLoader} does.
 */
public final class TinyImageNetLoader {

  private static final Logger log = LoggerFactory.getLogger(TinyImageNetLoader.class);

  private static final String CACHE_PREFIX = "tiny-imagenet-";

  private TinyImageNetLoader() {}

  /**
   * Loads both splits, from the cache when it is valid, else by decoding (and then caching).
   *
   * @param source the {@code tiny-imagenet-200} folder, its parent, or a {@code .zip} of it
   * @param imageSize the height and width every image is resized to (64 keeps the originals)
   * @param cacheDir where decoded splits are cached; created if needed. If it cannot be created
   *     or written, or is null, a folder under {@code java.io.tmpdir}/kdas-cache is used
   * @return the data set; its identity names the zip or the {@code tiny-imagenet-200} folder,
   *     and a hash of the file names and sizes
   * @throws DataException naming the file (and line) for a missing index file or folder, a
   *     validation image without a label, a label naming an unknown wnid or no image, a train
   *     folder not in {@code wnids.txt}, or an unreadable image
   */
  public static Dataset load(Path source, int imageSize, Path cacheDir) {
    return load(source, imageSize, cacheDir, ImageRules.DEFAULT);
  }

  /** Loads like {@link #load(Path, int, Path)}, decoding under {@code rules}. */
  public static Dataset load(Path source, int imageSize, Path cacheDir, ImageRules rules) {
    if (imageSize < 1) {
      throw new DataException("image size must be at least 1, got " + imageSize);
    }
    Path absolute = source.toAbsolutePath().normalize();
    if (Files.isRegularFile(absolute)) {
      if (!absolute.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
        throw new DataException("TinyImageNet source " + absolute + " is a file but not a .zip:"
            + " expected tiny-imagenet-200.zip or the tiny-imagenet-200 folder");
      }
      return loadZip(absolute, imageSize, cacheDir, rules);
    }
    if (!Files.isDirectory(absolute)) {
      throw new DataException("TinyImageNet source " + absolute + " does not exist: expected "
          + "tiny-imagenet-200.zip, the tiny-imagenet-200 folder or its parent");
    }
    FileTree tree = new FolderTree(absolute);
    TinyImageNetListing listing =
        TinyImageNetListing.scan(tree, TinyImageNetListing.findRoot(tree));
    long fingerprint = new Fingerprint()
        .add("tiny-imagenet-folder")
        .add(tree.describe(listing.root()))
        .add(listing.fingerprint())
        .add(imageSize)
        .value();
    DatasetCache cache =
        new DatasetCache(CacheFolder.resolve(cacheDir, absolute), CACHE_PREFIX, imageSize);
    Dataset cached = cache.read(fingerprint);
    if (cached != null) {
      return cached;
    }
    Decoded decoded = decode(tree, listing, tree.describe(listing.root()), imageSize, rules);
    if (!decoded.skippedAny()) {
      cache.write(decoded.dataset(), fingerprint);
    }
    return decoded.dataset();
  }

  private static Dataset loadZip(Path zip, int imageSize, Path cacheDir, ImageRules rules) {
    long fingerprint = new Fingerprint()
        .add("tiny-imagenet-zip")
        .addFile(zip)
        .add(imageSize)
        .value();
    DatasetCache cache =
        new DatasetCache(CacheFolder.resolve(cacheDir, zip), CACHE_PREFIX, imageSize);
    Dataset cached = cache.read(fingerprint);
    if (cached != null) {
      return cached;
    }
    Decoded decoded;
    try (FileTree tree = ZipTree.open(zip)) {
      decoded = decode(tree, TinyImageNetListing.scan(tree, TinyImageNetListing.findRoot(tree)),
          zip.toString(), imageSize, rules);
    }
    if (!decoded.skippedAny()) {
      cache.write(decoded.dataset(), fingerprint);
    }
    return decoded.dataset();
  }

  /** A decoded data set and whether corrupt images were skipped (then it is not cached). */
  private record Decoded(Dataset dataset, boolean skippedAny) {}

  private static Decoded decode(FileTree tree, TinyImageNetListing listing, String source,
      int imageSize, ImageRules rules) {
    long start = System.nanoTime();
    ParallelDecoder.Decoded train = decodeSplit(tree, "train",
        FileTree.join(listing.root(), "train"), listing.train(), listing.trainLabels(),
        imageSize, rules);
    ParallelDecoder.Decoded test = decodeSplit(tree, "test",
        FileTree.join(listing.root(), "val"), listing.test(), listing.testLabels(), imageSize,
        rules);
    String identity = "tiny-imagenet-200(" + source + ")#" + contentHash(listing, imageSize);
    Dataset dataset = new Dataset(identity, listing.classNames(), train.split(), test.split());
    log.info("loaded {}: {} classes, {} train and {} test images of {}x{} in {} ms", identity,
        dataset.classes(), dataset.train().size(), dataset.test().size(), imageSize, imageSize,
        (System.nanoTime() - start) / 1_000_000);
    return new Decoded(dataset, train.skipped() + test.skipped() > 0);
  }

  private static ParallelDecoder.Decoded decodeSplit(FileTree tree, String role, String folder,
      List<String> files, int[] labels, int imageSize, ImageRules rules) {
    return ParallelDecoder.decode(role, tree.describe(folder), labels, imageSize, rules,
        (decoder, i, out, offset) -> {
          String file = files.get(i);
          decoder.decodeInto(tree.read(file), tree.describe(file), imageSize, out, offset);
        });
  }

  /** 12 hex digits of the file names and sizes and the image size. */
  private static String contentHash(TinyImageNetListing listing, int imageSize) {
    var digest = Fingerprint.sha256();
    digest.update(listing.contentKey());
    Fingerprint.update(digest, Integer.toString(imageSize));
    return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
  }
}
