package io.kdas.runtime.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 */
public final class ImageFolderLoader {

  private static final Logger log = LoggerFactory.getLogger(ImageFolderLoader.class);

  /** Images claimed by a decoding thread at a time: amortizes the shared counter. */
  private static final int CLAIM = 32;
  /** Splits smaller than this decode in well under a second: no progress lines for them. */
  private static final int PROGRESS_MIN_IMAGES = 1000;

  private ImageFolderLoader() {}

  /**
   * Loads both splits, from the cache when it is valid, else by decoding (and then caching).
   *
   * @param root the data set folder
   * @param trainDir the train folder, relative to {@code root}
   * @param testDir the test folder, relative to {@code root}
   * @param imageSize the height and width every image is resized to
   * @param cacheDir where decoded splits are cached; created if needed. If it cannot be created or
   *     written (for example next to read-only sources), or is null, a folder under {@code
   *     java.io.tmpdir}/kdas-cache is used instead
   * @return the data set; its identity names the root and a hash of the file names and sizes
   * @throws DataException naming the path for a missing folder, a missing or empty class folder,
   *     or an unreadable image
   */
  public static Dataset load(
      Path root, String trainDir, String testDir, int imageSize, Path cacheDir) {
    if (imageSize < 1) {
      throw new DataException("image size must be at least 1, got " + imageSize);
    }
    Path absoluteRoot = root.toAbsolutePath().normalize();
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
    Path cache = usableCacheDir(cacheDir, absoluteRoot);
    ImageSplit trainSplit = loadSplit("train", train, imageSize, classes, cache);
    ImageSplit testSplit = loadSplit("test", test, imageSize, classes, cache);
    if (cache != null) {
      try {
        SplitCache.writeLines(cache.resolve("classes.txt"), classes);
      } catch (IOException e) {
        log.warn("cannot write {}: {}", cache.resolve("classes.txt"), e.toString());
      }
    }
    String identity = "image-folder(" + absoluteRoot + ")#" + contentHash(train, test, imageSize);
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

  private static ImageSplit loadSplit(
      String role, SourceListing listing, int imageSize, List<String> classes, Path cache) {
    long bytes = (long) listing.size() * imageSize * imageSize * ImageSplit.CHANNELS;
    if (bytes > Integer.MAX_VALUE - 16) {
      throw new DataException(
          role + " folder " + listing.dir() + " has " + listing.size() + " images: at "
              + imageSize + "x" + imageSize + " that is " + bytes + " bytes, more than one array "
              + "can hold (2 GB); use a smaller image size");
    }
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
    ImageSplit decoded = decode(role, listing, imageSize);
    log.info(
        "decoded {} {} images in {} ms",
        decoded.size(), role, (System.nanoTime() - start) / 1_000_000);
    if (file != null) {
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

  /** Decodes all images of a listing on a fixed pool of one thread per processor. */
  private static ImageSplit decode(String role, SourceListing listing, int size) {
    int count = listing.size();
    int perImage = size * size * ImageSplit.CHANNELS;
    byte[] pixels = new byte[count * perImage];
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), count));
    AtomicInteger nextIndex = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    // Progress every 10%, for splits large enough that decoding takes a noticeable time.
    int step = count >= PROGRESS_MIN_IMAGES ? Math.max(1, count / 10) : Integer.MAX_VALUE;
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads(role));
    try {
      List<Future<?>> workers = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          try (ImageDecoder decoder = new ImageDecoder()) {
            while (!failed.get()) {
              int first = nextIndex.getAndAdd(CLAIM);
              if (first >= count) {
                return null;
              }
              int last = Math.min(count, first + CLAIM);
              for (int i = first; i < last; i++) {
                try {
                  decoder.decodeInto(listing.files().get(i), size, pixels, i * perImage);
                } catch (RuntimeException e) {
                  failed.set(true);
                  throw e;
                }
                int finished = done.incrementAndGet();
                if (finished % step == 0) {
                  log.info("decoding {}: {}/{} images", role, finished, count);
                }
              }
            }
            return null;
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new DataException("decoding " + listing.dir() + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataException("interrupted while decoding " + listing.dir(), e);
    } finally {
      pool.shutdownNow();
    }
    return new ImageSplit(pixels, listing.labels().clone(), size, size);
  }

  private static ThreadFactory daemonThreads(String role) {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "kdas-decode-" + role + "-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * The cache folder to use: {@code cacheDir} if it can be created and written, else a folder
   * under {@code java.io.tmpdir} keyed by the data root, else null (no caching).
   */
  private static Path usableCacheDir(Path cacheDir, Path root) {
    if (cacheDir != null) {
      try {
        Files.createDirectories(cacheDir);
        if (Files.isWritable(cacheDir)) {
          return cacheDir;
        }
      } catch (IOException | SecurityException e) {
        // Fall through to the temporary folder.
      }
    }
    Path fallback =
        Path.of(System.getProperty("java.io.tmpdir"), "kdas-cache",
            SourceListing.shortHash(root.toString(), 16));
    try {
      Files.createDirectories(fallback);
      if (cacheDir == null) {
        log.info("no cache folder given; caching decoded images in {}", fallback);
      } else {
        log.info(
            "cache folder {} cannot be created or written; caching decoded images in {}",
            cacheDir, fallback);
      }
      return fallback;
    } catch (IOException | SecurityException e) {
      log.warn("cannot create a cache folder ({}, {}); images will be decoded on every run",
          cacheDir, fallback);
      return null;
    }
  }

  /** 12 hex digits that identify the images: class and file names and sizes, and the size. */
  private static String contentHash(SourceListing train, SourceListing test, int imageSize) {
    MessageDigest digest = SourceListing.sha256();
    digest.update(train.contentKey());
    digest.update(test.contentKey());
    digest.update(Integer.toString(imageSize).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
  }
}
