package io.kdas.runtime.data.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cached data set is, besides its pixels: identity, class names and split sizes, stamped
 * with the fingerprint of the source it was built from.
 *
 * <p>A folder of images can be listed cheaply, so its loader knows the split sizes before it
 * looks at the cache. An archive or a binary batch file cannot be listed without reading it all;
 * the manifest records what that reading found, so that a later load only stats the source,
 * checks the manifest's fingerprint and reads the split caches.
 *
 * <p>On disk it is a short text file: a header line, {@code fingerprint <hex>}, {@code identity
 * <text>}, {@code train <n>}, {@code test <n>}, {@code classes <k>}, then {@code k} class names,
 * one per line. A file that does not parse exactly, or carries another fingerprint, is stale.
 *
 * @param fingerprint the fingerprint of the source (see {@link Fingerprint})
 * @param identity the identity of the data set
 * @param classNames the class names, in label order
 * @param trainSize the number of training examples
 * @param testSize the number of test examples
 */
public record CacheManifest(
    long fingerprint, String identity, List<String> classNames, int trainSize, int testSize) {

  private static final Logger log = LoggerFactory.getLogger(CacheManifest.class);

  public static final String HEADER = "KDAS cache manifest 1";

  /** Copies the class names. */
  public CacheManifest {
    Objects.requireNonNull(identity, "identity");
    classNames = List.copyOf(classNames);
  }

  /** Whether every text field fits on its line (a name with a line break cannot be stored). */
  public boolean storable() {
    if (identity.contains("\n") || identity.contains("\r")) {
      return false;
    }
    for (String name : classNames) {
      if (name.contains("\n") || name.contains("\r")) {
        return false;
      }
    }
    return true;
  }

  /** Writes the manifest atomically. */
  public void write(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    lines.add("fingerprint " + Long.toHexString(fingerprint));
    lines.add("identity " + identity);
    lines.add("train " + trainSize);
    lines.add("test " + testSize);
    lines.add("classes " + classNames.size());
    lines.addAll(classNames);
    SplitCache.writeLines(file, lines);
  }

  /**
   * Reads the manifest if it exists, parses and carries {@code fingerprint}; otherwise logs why
   * not and returns null.
   */
  public static CacheManifest read(Path file, long fingerprint) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      log.info("no cache at {}: reading the source", file);
      return null;
    } catch (IOException e) {
      return stale(file, "it cannot be read (" + e + ")");
    }
    try {
      if (lines.size() < 6 || !lines.get(0).equals(HEADER)) {
        return stale(file, "it is not a KDAS cache manifest");
      }
      long stored = Long.parseUnsignedLong(field(lines.get(1), "fingerprint"), 16);
      if (stored != fingerprint) {
        return stale(file, "the source changed (fingerprint " + Long.toHexString(stored)
            + ", now " + Long.toHexString(fingerprint) + ")");
      }
      String identity = field(lines.get(2), "identity");
      int train = Integer.parseInt(field(lines.get(3), "train"));
      int test = Integer.parseInt(field(lines.get(4), "test"));
      int classes = Integer.parseInt(field(lines.get(5), "classes"));
      if (train < 0 || test < 0 || classes < 1 || lines.size() != 6 + classes) {
        return stale(file, "it is incomplete (an interrupted write?)");
      }
      return new CacheManifest(stored, identity, lines.subList(6, 6 + classes), train, test);
    } catch (IllegalArgumentException e) {
      return stale(file, "it does not parse (" + e.getMessage() + ")");
    }
  }

  private static String field(String line, String key) {
    if (!line.startsWith(key + " ")) {
      throw new IllegalArgumentException("expected '" + key + " ...', got '" + line + "'");
    }
    return line.substring(key.length() + 1);
  }

  private static CacheManifest stale(Path file, String why) {
    log.info("not using cache {}: {}; reading the source again", file, why);
    return null;
  }
}
