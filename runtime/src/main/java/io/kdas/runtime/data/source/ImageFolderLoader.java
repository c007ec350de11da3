package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageRules;
import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.cache.CacheFolder;
import io.kdas.runtime.data.cache.Fingerprint;
import io.kdas.runtime.data.cache.SplitCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a data set stored as one folder per class (the layout torchvision calls ImageFolder):
 * {@code <root>/<trainDir>/<class>/*.{jpg,jpeg,png}} and the same classes under {@code
 * <root>/<testDir>}.
 *
 * <p>Classes are the sorted subfolder names of the train folder; files are sorted by name within a
 * class, so example indices (and with them stored teacher predictions) are the same in every run.
 * Images are decoded in parallel, converted to RGB and resized to {@code imageSize x imageSize}.
 * Because decoding 60,000 JPEGs takes seconds and every run needs the same pixels, the decoded
 * splits are cached (see {@link SplitCache}) and reused as long as the source file list (names,
 * sizes, modification times) is unchanged.
 *
 * <p>The root may also be a {@code .tar.gz}, {@code .tgz} or {@code .tar} archive of such a tree
 * (optionally inside one top-level folder), which is read in one streaming pass without
 * unpacking it; see {@link ImageArchiveLoader}.
 */
public final class ImageFolderLoader {

  private static final Logger log = LoggerFactory.getLogger(ImageFolderLoader.class);

  private ImageFolderLoader() {}

  /**
   * Loads both splits, from the cache when it is valid, else by decoding (and then caching).
   *
   * @param root the data set folder, or a {@code .tar.gz}, {@code .tgz} or {@code .tar} archive
   *     whose entries are {@code [<top>/]<trainDir>/<class>/<image>} and {@code
   *     [<top>/]<testDir>/<class>/<image>}
   * @param trainDir the train folder, relative to {@code root}
   * @param testDir the test folder, relative to {@code root}
   * @param imageSize the height and width every image is resized to
   * @param cacheDir where decoded splits are cached; created if needed. If it cannot be created or
   *     written (for example next to read-only sources), or is null, a folder under {@code
   *     java.io.tmpdir}/kdas-cache is used instead
   * @return the data set; its identity names the root and a hash of the file names and sizes
   * @throws DataException naming the path for a missing folder, a missing or empty class folder,
   *     or an unreadable image; for an archive also naming the entry that is unsafe (absolute,
   *     with {@code ..}, a link), unexpected or truncated
   */
  public static Dataset load(
      Path root, String trainDir, String testDir, int imageSize, Path cacheDir) {
    return load(root, trainDir, testDir, imageSize, cacheDir, ImageRules.DEFAULT);
  }

  /**
   * Where a run caches a source's decoded images unless its spec says: {@code
   * <folder>/.kdas-cache} for a folder, {@code .kdas-cache/<archive name>} under the working
   * directory for an archive.
   */
  public static Path defaultCacheDir(Path root) {
    return Files.isDirectory(root) ? root.resolve(".kdas-cache")
        : Path.of(".kdas-cache", root.getFileName().toString());
  }

  /** Loads like {@link #load(Path, String, String, int, Path)}, decoding under {@code rules}. */
  public static Dataset load(Path root, String trainDir, String testDir, int imageSize,
      Path cacheDir, ImageRules rules) {
    if (imageSize < 1) {
      throw new DataException("image size must be at least 1, got " + imageSize);
    }
    Path absoluteRoot = root.toAbsolutePath().normalize();
    if (Files.isRegularFile(absoluteRoot)) {
      return ImageArchiveLoader.load(absoluteRoot, trainDir, testDir, imageSize, cacheDir,
          rules);
    }
    if (!Files.isDirectory(absoluteRoot)) {
      throw new DataException(
          "data folder " + absoluteRoot + " does not exist or is not a folder: expected "
              + "<root>/" + trainDir + "/<class>/*.jpg and <root>/" + testDir + "/<class>/*.jpg");
    }
    Path trainRoot = splitFolder(absoluteRoot, trainDir, "train");
    Path testRoot = splitFolder(absoluteRoot, testDir, "test");
    List<String> classes = SourceListing.classFolders(trainRoot);
    if (classes.isEmpty()) {
      throw new DataException(
          "train folder " + trainRoot + " has no class folders: expected " + trainRoot
              + "/<class>/*.jpg");
    }
    long start = System.nanoTime();
    SourceListing train = SourceListing.scan(trainRoot, classes);
    SourceListing test = SourceListing.scan(testRoot, classes);
    log.info(
        "found {} train and {} test images in {} classes under {} ({} ms)",
        train.size(), test.size(), classes.size(), absoluteRoot,
        (System.nanoTime() - start) / 1_000_000);
    Path cache = CacheFolder.resolve(cacheDir, absoluteRoot);
    ImageSplit trainSplit = loadSplit("train", train, imageSize, classes, cache, rules);
    ImageSplit testSplit = loadSplit("test", test, imageSize, classes, cache, rules);
    if (cache != null) {
      try {
        SplitCache.writeLines(cache.resolve("classes.txt"), classes);
      } catch (IOException e) {
        log.warn("cannot write {}: {}", cache.resolve("classes.txt"), e.toString());
      }
    }
    String identity = "image-folder(" + absoluteRoot + ")#"
        + contentHash(train.contentKey(), test.contentKey(), imageSize);
    log.info(
        "loaded {}: {} classes, {} train and {} test images of {}x{}",
        identity, classes.size(), trainSplit.size(), testSplit.size(), imageSize, imageSize);
    return new Dataset(identity, classes, trainSplit, testSplit);
  }

  private static Path splitFolder(Path root, String dir, String role) {
    Path folder = root.resolve(dir).normalize();
    if (!Files.isDirectory(folder)) {
      throw new DataException(
          role + " folder " + folder + " does not exist or is not a folder: expected " + folder
              + "/<class>/*.jpg");
    }
    return folder;
  }

  private static ImageSplit loadSplit(String role, SourceListing listing, int imageSize,
      List<String> classes, Path cache, ImageRules rules) {
    ParallelDecoder.pixelBytes(role, listing.dir().toString(), listing.size(), imageSize);
    Path file = cache == null ? null : SplitCache.file(cache, role, imageSize);
    if (file != null) {
      long start = System.nanoTime();
      ImageSplit cached =
          SplitCache.read(file, listing.size(), imageSize, classes.size(), listing.fingerprint());
      if (cached != null) {
        log.info(
            "read {} {} images from cache {} in {} ms",
            cached.size(), role, file, (System.nanoTime() - start) / 1_000_000);
        return cached;
      }
    }
    long start = System.nanoTime();
    ParallelDecoder.Decoded result = ParallelDecoder.decode(role, listing.dir().toString(),
        listing.labels(), imageSize, rules, (decoder, i, out, offset) ->
            decoder.decodeInto(listing.files().get(i), imageSize, out, offset));
    ImageSplit decoded = result.split();
    log.info(
        "decoded {} {} images in {} ms",
        decoded.size(), role, (System.nanoTime() - start) / 1_000_000);
    if (file != null && result.skipped() == 0) {
      try {
        SplitCache.write(file, decoded, classes.size(), listing.fingerprint());
        log.info("cached {} images in {}", role, file);
      } catch (IOException e) {
        log.warn("cannot write cache {}: {}; the images will be decoded again next time",
            file, e.toString());
      }
    }
    return decoded;
  }

  /**
   * 12 hex digits that identify the images: class and file names and sizes, and the size. A
   * folder and an archive of the same tree get the same digits.
   */
  static String contentHash(byte[] trainKey, byte[] testKey, int imageSize) {
    MessageDigest digest = Fingerprint.sha256();
    digest.update(trainKey);
    digest.update(testKey);
    digest.update(Integer.toString(imageSize).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
  }
}
