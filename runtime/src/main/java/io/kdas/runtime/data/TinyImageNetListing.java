package io.kdas.runtime.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files and labels of a TinyImageNet-200 tree (in a folder, or in a zip opened as a file
 * system), checked against its own index files.
 *
 * <p>Layout: {@code wnids.txt} (the classes, in label order), {@code words.txt} ({@code wnid TAB
 * words}, the class names), {@code train/<wnid>/images/*.JPEG} (the boxes file next to {@code
 * images} is ignored), {@code val/images/*.JPEG} labeled by {@code val/val_annotations.txt}
 * ({@code file TAB wnid TAB x0 TAB y0 TAB x1 TAB y1}). The validation set serves as the test set:
 * the official test images have no labels.
 *
 * <p>Files are ordered by name with digit runs compared as numbers ({@code val_2} before {@code
 * val_10}), so that the k-th image of a folder is its file number k and example indices are the
 * same in every run. Every inconsistency between the index files and the images (an image
 * without a label, a label for no image, an unknown wnid, a stray train folder) is an error
 * naming the file and line: a silently dropped image would change the data set unnoticed.
 *
 * @param root the {@code tiny-imagenet-200} folder
 * @param classNames the words of each wnid (or the wnid if it has none), in wnids.txt order
 * @param train the training images, class by class
 * @param trainLabels the class of each training image
 * @param test the validation images
 * @param testLabels the class of each validation image
 * @param fingerprint a hash of every file's path, size and modification time
 * @param contentKey a SHA-256 digest of every file's relative path and size (no times)
 */
record TinyImageNetListing(
    Path root, List<String> classNames, List<Path> train, int[] trainLabels, List<Path> test,
    int[] testLabels, long fingerprint, byte[] contentKey) {

  private static final Logger log = LoggerFactory.getLogger(TinyImageNetListing.class);

  /** The folder name of the official release. */
  static final String FOLDER = "tiny-imagenet-200";

  private static final String ANNOTATION_FORMAT =
      "'<file>\\t<wnid>\\t<x0>\\t<y0>\\t<x1>\\t<y1>'";

  /**
   * The {@code tiny-imagenet-200} folder of {@code base}: {@code base} itself if it holds {@code
   * wnids.txt}, else its subfolder {@code tiny-imagenet-200}, else its only subfolder with a
   * {@code wnids.txt}.
   *
   * @param where how {@code base} is named in messages
   */
  static Path findRoot(Path base, String where) {
    if (Files.isRegularFile(base.resolve("wnids.txt"))) {
      return base;
    }
    if (Files.isRegularFile(base.resolve(FOLDER).resolve("wnids.txt"))) {
      return base.resolve(FOLDER);
    }
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, Files::isDirectory)) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry.resolve("wnids.txt"))) {
          candidates.add(entry);
        }
      }
    } catch (IOException e) {
      throw new DataException("cannot list " + where + ": " + e, e);
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw new DataException("no TinyImageNet data in " + where + ": expected wnids.txt, "
        + "words.txt, train/ and val/ in it or in its folder " + FOLDER);
  }

  /**
   * Lists and checks the tree.
   *
   * @param root the {@code tiny-imagenet-200} folder
   * @param describe how a path below {@code root} is named in messages
   */
  static TinyImageNetListing scan(Path root, Function<Path, String> describe) {
    Digests digests = new Digests(root, describe);
    Path wnidsFile = requireFile(root.resolve("wnids.txt"), describe, "the class list");
    digests.add(wnidsFile);
    Map<String, Integer> lineOf = wnids(wnidsFile, describe);
    List<String> wnids = List.copyOf(lineOf.keySet());
    Map<String, Integer> labelOf = new HashMap<>();
    for (int k = 0; k < wnids.size(); k++) {
      labelOf.put(wnids.get(k), k);
    }
    List<String> classNames = classNames(root.resolve("words.txt"), wnids, describe, digests);

    Path trainDir = requireFolder(root.resolve("train"), describe,
        "train/<wnid>/images/<wnid>_<k>.JPEG");
    for (Path folder : subfolders(trainDir, describe)) {
      String name = folder.getFileName().toString();
      if (!labelOf.containsKey(name)) {
        throw new DataException("train folder " + describe.apply(folder) + " is not in "
            + describe.apply(wnidsFile) + ": expected one train folder per listed wnid");
      }
    }
    List<Path> train = new ArrayList<>();
    List<Integer> trainLabels = new ArrayList<>();
    for (int k = 0; k < wnids.size(); k++) {
      String wnid = wnids.get(k);
      Path folder = trainDir.resolve(wnid);
      if (!Files.isDirectory(folder)) {
        throw new DataException("missing train folder " + describe.apply(folder) + ": "
            + describe.apply(wnidsFile) + " line " + lineOf.get(wnid) + " lists " + wnid);
      }
      Path images = requireFolder(folder.resolve("images"), describe,
          "train/" + wnid + "/images/" + wnid + "_<k>.JPEG");
      List<Path> files = images(images, describe, digests);
      if (files.isEmpty()) {
        throw new DataException("train folder " + describe.apply(images) + " has no images: "
            + "expected " + wnid + "_<k>.JPEG files");
      }
      for (Path file : files) {
        train.add(file);
        trainLabels.add(k);
      }
    }

    Path valImages = requireFolder(root.resolve("val").resolve("images"), describe,
        "val/images/val_<k>.JPEG");
    Path annotationsFile = requireFile(root.resolve("val").resolve("val_annotations.txt"),
        describe, "the validation labels");
    digests.add(annotationsFile);
    List<Path> test = images(valImages, describe, digests);
    if (test.isEmpty()) {
      throw new DataException("validation folder " + describe.apply(valImages)
          + " has no images: expected val_<k>.JPEG files");
    }
    Map<String, Annotation> annotations =
        annotations(annotationsFile, labelOf, describe, describe.apply(wnidsFile));
    Set<String> present = new HashSet<>();
    int[] testLabels = new int[test.size()];
    for (int i = 0; i < test.size(); i++) {
      String name = test.get(i).getFileName().toString();
      present.add(name);
      Annotation annotation = annotations.get(name);
      if (annotation == null) {
        throw new DataException("validation image " + describe.apply(test.get(i))
            + " has no line in " + describe.apply(annotationsFile) + ": expected "
            + ANNOTATION_FORMAT);
      }
      testLabels[i] = annotation.label();
    }
    for (Map.Entry<String, Annotation> entry : annotations.entrySet()) {
      if (!present.contains(entry.getKey())) {
        throw new DataException(describe.apply(annotationsFile) + " line "
            + entry.getValue().line() + ": " + entry.getKey() + " is not in "
            + describe.apply(valImages));
      }
    }
    return new TinyImageNetListing(root, classNames, List.copyOf(train),
        trainLabels.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(test),
        testLabels, Fingerprint.firstLong(digests.fingerprint.digest()),
        digests.content.digest());
  }

  /** A line of val_annotations.txt: the label it gives and where it is. */
  private record Annotation(int label, int line) {}

  /** The wnids in file order, each with its (1-based) line. */
  private static Map<String, Integer> wnids(Path file, Function<Path, String> describe) {
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    List<String> lines = lines(file, describe);
    for (int i = 0; i < lines.size(); i++) {
      String wnid = lines.get(i).strip();
      if (wnid.isEmpty()) {
        continue;
      }
      Integer first = lineOf.putIfAbsent(wnid, i + 1);
      if (first != null) {
        throw new DataException(describe.apply(file) + " line " + (i + 1) + ": " + wnid
            + " is listed twice (first on line " + first + ")");
      }
    }
    if (lineOf.isEmpty()) {
      throw new DataException(describe.apply(file) + " lists no wnids: expected one per line");
    }
    return lineOf;
  }

  /** The words of each wnid from words.txt, falling back to the wnid. */
  private static List<String> classNames(Path file, List<String> wnids,
      Function<Path, String> describe, Digests digests) {
    Map<String, String> words = new HashMap<>();
    if (Files.isRegularFile(file)) {
      digests.add(file);
      Set<String> wanted = new HashSet<>(wnids);
      for (String line : lines(file, describe)) {
        int tab = line.indexOf('\t');
        if (tab > 0) {
          String wnid = line.substring(0, tab).strip();
          String text = line.substring(tab + 1).strip();
          if (wanted.contains(wnid) && !text.isEmpty()) {
            words.putIfAbsent(wnid, text);
          }
        }
      }
    } else {
      log.warn("no {}: the classes are named by their wnids", describe.apply(file));
    }
    List<String> names = new ArrayList<>(wnids.size());
    for (String wnid : wnids) {
      names.add(words.getOrDefault(wnid, wnid));
    }
    return names;
  }

  private static Map<String, Annotation> annotations(Path file, Map<String, Integer> labelOf,
      Function<Path, String> describe, String wnidsName) {
    Map<String, Annotation> annotations = new HashMap<>();
    List<String> lines = lines(file, describe);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.strip().split("\t");
      if (fields.length < 2) {
        fields = line.strip().split("\\s+");
      }
      if (fields.length < 2) {
        throw new DataException(describe.apply(file) + " line " + (i + 1) + ": expected "
            + ANNOTATION_FORMAT + ", got '" + line + "'");
      }
      String name = fields[0].strip();
      String wnid = fields[1].strip();
      Integer label = labelOf.get(wnid);
      if (label == null) {
        throw new DataException(describe.apply(file) + " line " + (i + 1) + ": wnid " + wnid
            + " of " + name + " is not in " + wnidsName);
      }
      Annotation first = annotations.putIfAbsent(name, new Annotation(label, i + 1));
      if (first != null) {
        throw new DataException(describe.apply(file) + " line " + (i + 1) + ": " + name
            + " is labeled twice (first on line " + first.line() + ")");
      }
    }
    return annotations;
  }

  /** The image files of a folder in natural order, each added to the digests. */
  private static List<Path> images(Path folder, Function<Path, String> describe,
      Digests digests) {
    List<Path> files = new ArrayList<>();
    Map<Path, BasicFileAttributes> attributes = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(".") && SourceListing.isImageName(name)) {
          BasicFileAttributes stat = Files.readAttributes(entry, BasicFileAttributes.class);
          if (stat.isRegularFile()) {
            files.add(entry);
            attributes.put(entry, stat);
          }
        }
      }
    } catch (IOException e) {
      throw new DataException("cannot list " + describe.apply(folder) + ": " + e, e);
    }
    files.sort(Comparator.comparing(p -> p.getFileName().toString(), TinyImageNetListing::natural));
    for (Path file : files) {
      digests.add(file, attributes.get(file)); // one stat per image, 110,000 in the real set
    }
    return files;
  }

  private static List<Path> subfolders(Path folder, Function<Path, String> describe) {
    List<Path> folders = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        if (!entry.getFileName().toString().startsWith(".") && Files.isDirectory(entry)) {
          folders.add(entry);
        }
      }
    } catch (IOException e) {
      throw new DataException("cannot list " + describe.apply(folder) + ": " + e, e);
    }
    return folders;
  }

  private static Path requireFile(Path file, Function<Path, String> describe, String what) {
    if (!Files.isRegularFile(file)) {
      throw new DataException("missing " + describe.apply(file) + " (" + what + "): expected "
          + "wnids.txt, words.txt, train/<wnid>/images/*.JPEG, val/images/*.JPEG and "
          + "val/val_annotations.txt");
    }
    return file;
  }

  private static Path requireFolder(Path folder, Function<Path, String> describe,
      String expected) {
    if (!Files.isDirectory(folder)) {
      throw new DataException("missing folder " + describe.apply(folder) + ": expected "
          + expected);
    }
    return folder;
  }

  private static List<String> lines(Path file, Function<Path, String> describe) {
    try {
      // Decoded leniently: a stray non-UTF-8 byte in words.txt must not stop a run.
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new DataException("cannot read " + describe.apply(file) + ": " + e, e);
    }
  }

  /** Compares names with digit runs as numbers: val_2 before val_10. */
  static int natural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int iEnd = i;
        while (iEnd < a.length() && Character.isDigit(a.charAt(iEnd))) {
          iEnd++;
        }
        int jEnd = j;
        while (jEnd < b.length() && Character.isDigit(b.charAt(jEnd))) {
          jEnd++;
        }
        String p = stripZeros(a.substring(i, iEnd));
        String q = stripZeros(b.substring(j, jEnd));
        int order = p.length() != q.length()
            ? Integer.compare(p.length(), q.length()) : p.compareTo(q);
        if (order != 0) {
          return order;
        }
        i = iEnd;
        j = jEnd;
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    int order = Integer.compare(a.length() - i, b.length() - j);
    return order != 0 ? order : a.compareTo(b);
  }

  private static String stripZeros(String digits) {
    int k = 0;
    while (k < digits.length() - 1 && digits.charAt(k) == '0') {
      k++;
    }
    return digits.substring(k);
  }

  /** The fingerprint (with times) and content (without) digests of the listed files. */
  private static final class Digests {
    final MessageDigest fingerprint = SourceListing.sha256();
    final MessageDigest content = SourceListing.sha256();
    private final Path root;
    private final Function<Path, String> describe;

    Digests(Path root, Function<Path, String> describe) {
      this.root = root;
      this.describe = describe;
      SourceListing.update(fingerprint, root.toAbsolutePath().toString());
    }

    void add(Path file) {
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(file, BasicFileAttributes.class);
      } catch (IOException e) {
        throw new DataException(
            "cannot read the attributes of " + describe.apply(file) + ": " + e, e);
      }
      add(file, attributes);
    }

    void add(Path file, BasicFileAttributes attributes) {
      String entry = root.relativize(file) + "|" + attributes.size();
      SourceListing.update(content, entry);
      SourceListing.update(fingerprint,
          entry + "|" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    }
  }
}
