package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.archive.FileTree;
import io.kdas.runtime.data.cache.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files and labels of a TinyImageNet-200 tree (a folder or a zip, as a {@link FileTree}),
 * checked against its own index files.
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
 * @param root the path of the {@code tiny-imagenet-200} folder in its tree
 * @param classNames the words of each wnid (or the wnid if it has none), in wnids.txt order
 * @param train the training images, class by class
 * @param trainLabels the class of each training image
 * @param test the validation images
 * @param testLabels the class of each validation image
 * @param fingerprint a hash of every file's path, size and modification time
 * @param contentKey a SHA-256 digest of every file's relative path and size (no times)
 */
record TinyImageNetListing(
    String root, List<String> classNames, List<String> train, int[] trainLabels, List<String> test,
    int[] testLabels, long fingerprint, byte[] contentKey) {

  private static final Logger log = LoggerFactory.getLogger(TinyImageNetListing.class);

  /** The folder name of the official release. */
  static final String FOLDER = "tiny-imagenet-200";

  private static final String ANNOTATION_FORMAT =
      "'<file>\\t<wnid>\\t<x0>\\t<y0>\\t<x1>\\t<y1>'";

  /**
   * The {@code tiny-imagenet-200} folder of a tree: its top if that holds {@code wnids.txt},
   * else its folder {@code tiny-imagenet-200}, else its only folder with a {@code wnids.txt}.
   */
  static String findRoot(FileTree tree) {
    if (tree.isFile("wnids.txt")) {
      return "";
    }
    if (tree.isFile(FOLDER + "/wnids.txt")) {
      return FOLDER;
    }
    List<String> candidates = new ArrayList<>();
    for (FileTree.Node node : tree.list("")) {
      if (node.directory() && tree.isFile(node.path() + "/wnids.txt")) {
        candidates.add(node.path());
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw new DataException("no TinyImageNet data in " + tree.describe("") + ": expected "
        + "wnids.txt, words.txt, train/ and val/ in it or in its folder " + FOLDER);
  }

  /**
   * Lists and checks the tree below {@code root} (from {@link #findRoot}).
   */
  static TinyImageNetListing scan(FileTree tree, String root) {
    Digests digests = new Digests(tree, root);
    String wnidsFile = requireFile(tree, FileTree.join(root, "wnids.txt"), "the class list");
    digests.add(tree.find(wnidsFile));
    Map<String, Integer> lineOf = wnids(tree, wnidsFile);
    List<String> wnids = List.copyOf(lineOf.keySet());
    Map<String, Integer> labelOf = new HashMap<>();
    for (int k = 0; k < wnids.size(); k++) {
      labelOf.put(wnids.get(k), k);
    }
    List<String> classNames =
        classNames(tree, FileTree.join(root, "words.txt"), wnids, digests);

    String trainDir = requireFolder(tree, FileTree.join(root, "train"),
        "train/<wnid>/images/<wnid>_<k>.JPEG");
    for (FileTree.Node folder : tree.list(trainDir)) {
      if (folder.directory() && !folder.name().startsWith(".")
          && !labelOf.containsKey(folder.name())) {
        throw new DataException("train folder " + tree.describe(folder.path()) + " is not in "
            + tree.describe(wnidsFile) + ": expected one train folder per listed wnid");
      }
    }
    List<String> train = new ArrayList<>();
    List<Integer> trainLabels = new ArrayList<>();
    for (int k = 0; k < wnids.size(); k++) {
      String wnid = wnids.get(k);
      String folder = trainDir + "/" + wnid;
      if (!tree.isDirectory(folder)) {
        throw new DataException("missing train folder " + tree.describe(folder) + ": "
            + tree.describe(wnidsFile) + " line " + lineOf.get(wnid) + " lists " + wnid);
      }
      String images = requireFolder(tree, folder + "/images",
          "train/" + wnid + "/images/" + wnid + "_<k>.JPEG");
      List<String> files = images(tree, images, digests);
      if (files.isEmpty()) {
        throw new DataException("train folder " + tree.describe(images) + " has no images: "
            + "expected " + wnid + "_<k>.JPEG files");
      }
      for (String file : files) {
        train.add(file);
        trainLabels.add(k);
      }
    }

    String valImages =
        requireFolder(tree, FileTree.join(root, "val/images"), "val/images/val_<k>.JPEG");
    String annotationsFile = requireFile(tree, FileTree.join(root, "val/val_annotations.txt"),
        "the validation labels");
    digests.add(tree.find(annotationsFile));
    List<String> test = images(tree, valImages, digests);
    if (test.isEmpty()) {
      throw new DataException("validation folder " + tree.describe(valImages)
          + " has no images: expected val_<k>.JPEG files");
    }
    Map<String, Annotation> annotations =
        annotations(tree, annotationsFile, labelOf, tree.describe(wnidsFile));
    Set<String> present = new HashSet<>();
    int[] testLabels = new int[test.size()];
    for (int i = 0; i < test.size(); i++) {
      String name = test.get(i).substring(test.get(i).lastIndexOf('/') + 1);
      present.add(name);
      Annotation annotation = annotations.get(name);
      if (annotation == null) {
        throw new DataException("validation image " + tree.describe(test.get(i))
            + " has no line in " + tree.describe(annotationsFile) + ": expected "
            + ANNOTATION_FORMAT);
      }
      testLabels[i] = annotation.label();
    }
    for (Map.Entry<String, Annotation> entry : annotations.entrySet()) {
      if (!present.contains(entry.getKey())) {
        throw new DataException(tree.describe(annotationsFile) + " line "
            + entry.getValue().line() + ": " + entry.getKey() + " is not in "
            + tree.describe(valImages));
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
  private static Map<String, Integer> wnids(FileTree tree, String file) {
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    List<String> lines = lines(tree, file);
    for (int i = 0; i < lines.size(); i++) {
      String wnid = lines.get(i).strip();
      if (wnid.isEmpty()) {
        continue;
      }
      Integer first = lineOf.putIfAbsent(wnid, i + 1);
      if (first != null) {
        throw new DataException(tree.describe(file) + " line " + (i + 1) + ": " + wnid
            + " is listed twice (first on line " + first + ")");
      }
    }
    if (lineOf.isEmpty()) {
      throw new DataException(tree.describe(file) + " lists no wnids: expected one per line");
    }
    return lineOf;
  }

  /** The words of each wnid from words.txt, falling back to the wnid. */
  private static List<String> classNames(FileTree tree, String file, List<String> wnids,
      Digests digests) {
    Map<String, String> words = new HashMap<>();
    FileTree.Node node = tree.find(file);
    if (node != null && !node.directory()) {
      digests.add(node);
      Set<String> wanted = new HashSet<>(wnids);
      for (String line : lines(tree, file)) {
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
      log.warn("no {}: the classes are named by their wnids", tree.describe(file));
    }
    List<String> names = new ArrayList<>(wnids.size());
    for (String wnid : wnids) {
      names.add(words.getOrDefault(wnid, wnid));
    }
    return names;
  }

  private static Map<String, Annotation> annotations(FileTree tree, String file,
      Map<String, Integer> labelOf, String wnidsName) {
    Map<String, Annotation> annotations = new HashMap<>();
    List<String> lines = lines(tree, file);
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
        throw new DataException(tree.describe(file) + " line " + (i + 1) + ": expected "
            + ANNOTATION_FORMAT + ", got '" + line + "'");
      }
      String name = fields[0].strip();
      String wnid = fields[1].strip();
      Integer label = labelOf.get(wnid);
      if (label == null) {
        throw new DataException(tree.describe(file) + " line " + (i + 1) + ": wnid " + wnid
            + " of " + name + " is not in " + wnidsName);
      }
      Annotation first = annotations.putIfAbsent(name, new Annotation(label, i + 1));
      if (first != null) {
        throw new DataException(tree.describe(file) + " line " + (i + 1) + ": " + name
            + " is labeled twice (first on line " + first.line() + ")");
      }
    }
    return annotations;
  }

  /** The image files of a folder in natural order, each added to the digests. */
  private static List<String> images(FileTree tree, String folder, Digests digests) {
    List<FileTree.Node> files = new ArrayList<>();
    for (FileTree.Node node : tree.list(folder)) {
      String name = node.name();
      if (!node.directory() && !name.startsWith(".") && SourceListing.isImageName(name)) {
        files.add(node);
      }
    }
    files.sort(Comparator.comparing(FileTree.Node::name, TinyImageNetListing::natural));
    List<String> paths = new ArrayList<>(files.size());
    for (FileTree.Node file : files) {
      digests.add(file); // the listing's own attributes: one stat per image, 110,000 in all
      paths.add(file.path());
    }
    return paths;
  }

  private static String requireFile(FileTree tree, String file, String what) {
    if (!tree.isFile(file)) {
      throw new DataException("missing " + tree.describe(file) + " (" + what + "): expected "
          + "wnids.txt, words.txt, train/<wnid>/images/*.JPEG, val/images/*.JPEG and "
          + "val/val_annotations.txt");
    }
    return file;
  }

  private static String requireFolder(FileTree tree, String folder, String expected) {
    if (!tree.isDirectory(folder)) {
      throw new DataException("missing folder " + tree.describe(folder) + ": expected "
          + expected);
    }
    return folder;
  }

  private static List<String> lines(FileTree tree, String file) {
    // Decoded leniently: a stray non-UTF-8 byte in words.txt must not stop a run.
    return new String(tree.read(file), StandardCharsets.UTF_8).lines().toList();
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
    final MessageDigest fingerprint = Fingerprint.sha256();
    final MessageDigest content = Fingerprint.sha256();
    private final int rootLength;

    Digests(FileTree tree, String root) {
      this.rootLength = root.isEmpty() ? 0 : root.length() + 1;
      Fingerprint.update(fingerprint, tree.describe(root));
    }

    void add(FileTree.Node file) {
      String entry = file.path().substring(rootLength) + "|" + file.size();
      Fingerprint.update(content, entry);
      Fingerprint.update(fingerprint, entry + "|" + file.modifiedNanos());
    }
  }
}
