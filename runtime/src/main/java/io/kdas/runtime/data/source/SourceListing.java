package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.cache.Fingerprint;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The image files of one split folder ({@code <dir>/<class>/*.{jpg,jpeg,png}}), in the
 * deterministic order that fixes example indices: classes in the given order, files sorted by
 * name.
 *
 * @param dir the split folder
 * @param files every image file, class by class
 * @param labels the class index of each file
 * @param fingerprint a hash of the class names and every file's name, size and modification time:
 *     any added, removed, renamed, rewritten or touched file changes it, so a cache stamped with it
 *     is never trusted for other sources
 * @param contentKey a SHA-256 digest of the class names and every file's name and size only (no
 *     times), stable across copies and re-extractions of the same data, for the data set identity
 */
record SourceListing(
    Path dir, List<Path> files, int[] labels, long fingerprint, byte[] contentKey) {

  /** The number of images. */
  int size() {
    return files.size();
  }

  /** Whether {@code name} has an image extension (jpg, jpeg, png, any case). */
  static boolean isImageName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png");
  }

  /**
   * The sorted names of the class folders of {@code dir}: its subfolders, except hidden ones
   * (such as {@code .ipynb_checkpoints}).
   */
  static List<String> classFolders(Path dir) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(".") && Files.isDirectory(entry)) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new DataException("cannot list folder " + dir + ": " + e, e);
    }
    names.sort(null);
    return names;
  }

  /**
   * Lists the images of {@code dir}, whose class folders must be exactly {@code classNames}.
   *
   * @throws DataException naming the folder if a class folder is missing, unexpected or empty
   */
  static SourceListing scan(Path dir, List<String> classNames) {
    List<String> present = classFolders(dir);
    for (String name : classNames) {
      if (!present.contains(name)) {
        throw new DataException(
            "missing class folder " + dir.resolve(name) + ": expected the same class folders as "
                + "the training data (" + String.join(", ", classNames) + ")");
      }
    }
    for (String name : present) {
      if (!classNames.contains(name)) {
        throw new DataException(
            "unexpected class folder " + dir.resolve(name) + ": not a class of the training data ("
                + String.join(", ", classNames) + ")");
      }
    }
    MessageDigest fingerprint = Fingerprint.sha256();
    MessageDigest content = Fingerprint.sha256();
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int k = 0; k < classNames.size(); k++) {
      Path classDir = dir.resolve(classNames.get(k));
      List<Entry> images = images(classDir);
      if (images.isEmpty()) {
        throw new DataException(
            "class folder " + classDir + " has no images: expected *.jpg, *.jpeg or *.png files");
      }
      Fingerprint.update(fingerprint, "class:" + classNames.get(k));
      Fingerprint.update(content, "class:" + classNames.get(k));
      for (Entry image : images) {
        String entry = image.name() + "|" + image.attributes().size();
        Fingerprint.update(content, entry);
        Fingerprint.update(
            fingerprint,
            entry + "|" + image.attributes().lastModifiedTime().to(TimeUnit.NANOSECONDS));
        files.add(image.path());
        labels.add(k);
      }
    }
    long hash = Fingerprint.firstLong(fingerprint.digest());
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    return new SourceListing(dir, List.copyOf(files), labelArray, hash, content.digest());
  }

  /** An image file with the attributes read while listing (one stat per file). */
  private record Entry(Path path, String name, BasicFileAttributes attributes) {}

  private static List<Entry> images(Path classDir) {
    List<Entry> images = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(classDir)) {
      for (Path path : entries) {
        String name = path.getFileName().toString();
        if (isImageName(name)) {
          BasicFileAttributes attributes = attributes(path);
          if (attributes.isRegularFile()) {
            images.add(new Entry(path, name, attributes));
          }
        }
      }
    } catch (IOException e) {
      throw new DataException("cannot list class folder " + classDir + ": " + e, e);
    }
    images.sort(Comparator.comparing(Entry::name));
    return images;
  }

  private static BasicFileAttributes attributes(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new DataException("cannot read the attributes of image " + file + ": " + e, e);
    }
  }
}
