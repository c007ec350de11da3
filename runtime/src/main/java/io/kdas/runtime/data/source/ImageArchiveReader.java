package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.archive.ArchivePaths;
import io.kdas.runtime.data.archive.TarEntry;
import io.kdas.runtime.data.archive.TarReader;
import io.kdas.runtime.data.cache.Fingerprint;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a class-per-folder archive ({@code [<top>/]<trainDir>/<class>/<image>} and the same for
 * the test folder, in a {@code .tar.gz}, {@code .tgz} or {@code .tar}) in one streaming pass into
 * the encoded images of both splits.
 *
 * <p>The rules are those of {@link SourceListing} for a folder, so that an archive and its
 * unpacked tree give the same examples in the same order (and the same identity): classes are
 * the sorted class folders of the train folder, which the test folder must match; files with an
 * image extension are sorted by name within a class; other files in a class folder are ignored;
 * hidden names are ignored. Stricter than for a folder, where stray files are simply never looked
 * at, every other member must be a folder or a top-level README-like file: anything else means
 * the archive is not laid out as expected, and is reported by name. Unsafe members (absolute,
 * {@code ..}, links) are refused by {@link ArchivePaths}.
 */
final class ImageArchiveReader {

  private ImageArchiveReader() {}

  /** The class names and the encoded splits of an archive. */
  record Contents(List<String> classNames, EncodedSplit train, EncodedSplit test) {}

  /** One member, as recorded during the pass. */
  private record Member(List<String> segments, boolean folder, long size, byte[] bytes) {
    String path() {
      return String.join("/", segments);
    }
  }

  /** An image of a class, before sorting. */
  private record Image(String file, String path, long size, byte[] bytes) {}

  /** The members of one split folder, grouped by class. */
  private static final class SplitMembers {
    final Set<String> folders = new TreeSet<>();
    final Map<String, List<Image>> images = new TreeMap<>();
  }

  /**
   * Reads the archive.
   *
   * @param archive the absolute archive path
   * @param trainDir the train folder inside the archive (below the optional top folder)
   * @param testDir the test folder inside the archive
   * @throws DataException naming the archive and the member for unsafe, unexpected or truncated
   *     members, missing or empty class folders, and test classes that differ from the train ones
   */
  static Contents read(Path archive, String trainDir, String testDir) {
    List<String> train = folderSegments(archive, trainDir, "train");
    List<String> test = folderSegments(archive, testDir, "test");
    List<Member> members = scan(archive, train, test);

    List<List<String>> paths = new ArrayList<>(members.size());
    List<Boolean> folders = new ArrayList<>(members.size());
    for (Member member : members) {
      paths.add(member.segments());
      folders.add(member.folder());
    }
    String top = ArchivePaths.topFolder(paths, folders, Set.of(train.get(0), test.get(0)));
    String inside = top == null ? "" : top + "/";
    SplitMembers trainMembers = new SplitMembers();
    SplitMembers testMembers = new SplitMembers();
    for (Member member : members) {
      List<String> relative = ArchivePaths.below(top, member.segments());
      if (relative == null) {
        if (member.folder()
            || (member.segments().size() == 1
                && ArchivePaths.isReadmeLike(member.segments().get(0)))) {
          continue;
        }
        throw new DataException("unexpected entry " + member.path() + " in archive " + archive
            + ": expected everything inside its top-level folder " + top);
      }
      if (classify(member, relative, train, trainMembers)
          || classify(member, relative, test, testMembers)) {
        continue;
      }
      if (member.folder()
          || (relative.size() == 1 && ArchivePaths.isReadmeLike(relative.get(0)))) {
        continue;
      }
      throw new DataException("unexpected entry " + member.path() + " in archive " + archive
          + ": expected " + inside + trainDir + "/<class>/<image>, " + inside + testDir
          + "/<class>/<image>, folders or a top-level README"
          + (top == null ? " (all optionally inside one top-level folder)" : ""));
    }
    String trainWhere = inside + String.join("/", train);
    String testWhere = inside + String.join("/", test);
    for (String where : List.of(trainWhere, testWhere)) {
      if ((where == trainWhere ? trainMembers : testMembers).folders.isEmpty()) {
        throw new DataException("archive " + archive + " has no class folders in " + where
            + ": expected entries " + where + "/<class>/<image>");
      }
    }
    List<String> classes = List.copyOf(trainMembers.folders);
    for (String name : classes) {
      if (!testMembers.folders.contains(name)) {
        throw new DataException("missing class folder "
            + ArchivePaths.describe(archive, testWhere + "/" + name)
            + ": expected the same class folders as the training data ("
            + String.join(", ", classes) + ")");
      }
    }
    for (String name : testMembers.folders) {
      if (!trainMembers.folders.contains(name)) {
        throw new DataException("unexpected class folder "
            + ArchivePaths.describe(archive, testWhere + "/" + name)
            + ": not a class of the training data (" + String.join(", ", classes) + ")");
      }
    }
    return new Contents(classes,
        split(archive, "train", trainWhere, classes, trainMembers),
        split(archive, "test", testWhere, classes, testMembers));
  }

  /** The one pass: checks every member, keeps the bytes of those that may be images. */
  private static List<Member> scan(Path archive, List<String> train, List<String> test) {
    List<Member> members = new ArrayList<>();
    Set<String> files = new HashSet<>();
    // The encoded images are held until decoded: they may take half the heap, no more.
    long budget = Runtime.getRuntime().maxMemory() / 2;
    long held = 0;
    try (TarReader tar = TarReader.open(archive)) {
      for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
        List<String> segments = ArchivePaths.checked(archive, entry);
        if (segments.isEmpty() || ArchivePaths.isHidden(segments)) {
          continue;
        }
        boolean folder = entry.isDirectory();
        if (!folder && !files.add(String.join("/", segments))) {
          throw new DataException("archive " + archive + " has entry " + entry.name()
              + " twice: expected each file once");
        }
        byte[] bytes = null;
        if (!folder && mayBeImage(segments, train, test)) {
          held += entry.size();
          if (held > budget) {
            throw new DataException("archive " + archive + " entry " + entry.name() + " brings "
                + "its images to " + held + " bytes, more than half the heap (" + budget
                + " of " + Runtime.getRuntime().maxMemory() + "): unpack it into a folder, "
                + "which is read image by image, or give Java more heap (KDAS_JAVA_OPTS=-Xmx…)");
          }
          bytes = tar.readContent();
        }
        members.add(new Member(segments, folder, entry.size(), bytes));
      }
    }
    return members;
  }

  /** Whether a file could be an image of a split, with or without a top folder. */
  private static boolean mayBeImage(List<String> segments, List<String> train,
      List<String> test) {
    if (!SourceListing.isImageName(segments.get(segments.size() - 1))) {
      return false;
    }
    int n = segments.size();
    return n == train.size() + 2 || n == train.size() + 3
        || n == test.size() + 2 || n == test.size() + 3;
  }

  /** Records a member of a split folder; false if the member is not inside {@code split}. */
  private static boolean classify(Member member, List<String> relative, List<String> split,
      SplitMembers into) {
    int n = split.size();
    if (relative.size() <= n || !relative.subList(0, n).equals(split)) {
      return false;
    }
    String className = relative.get(n);
    if (member.folder()) {
      if (relative.size() == n + 1) {
        into.folders.add(className);
      }
      return true; // folders anywhere inside a split folder are fine
    }
    if (relative.size() != n + 2) {
      return false; // a file directly in the split folder, or deeper than a class folder
    }
    into.folders.add(className);
    String file = relative.get(n + 1);
    if (member.bytes() != null) {
      into.images.computeIfAbsent(className, k -> new ArrayList<>())
          .add(new Image(file, member.path(), member.size(), member.bytes()));
    }
    return true; // other files in a class folder are ignored, as in a folder
  }

  private static EncodedSplit split(Path archive, String role, String where,
      List<String> classes, SplitMembers members) {
    MessageDigest content = Fingerprint.sha256();
    List<String> names = new ArrayList<>();
    List<byte[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int k = 0; k < classes.size(); k++) {
      String className = classes.get(k);
      List<Image> inClass = members.images.getOrDefault(className, List.of());
      if (inClass.isEmpty()) {
        throw new DataException("class folder "
            + ArchivePaths.describe(archive, where + "/" + className)
            + " has no images: expected *.jpg, *.jpeg or *.png files");
      }
      inClass.sort((a, b) -> a.file().compareTo(b.file()));
      Fingerprint.update(content, "class:" + className);
      for (Image image : inClass) {
        Fingerprint.update(content, image.file() + "|" + image.size());
        names.add(ArchivePaths.describe(archive, image.path()));
        images.add(image.bytes());
        labels.add(k);
      }
    }
    return new EncodedSplit(role, ArchivePaths.describe(archive, where), List.copyOf(names),
        images.toArray(new byte[0][]), labels.stream().mapToInt(Integer::intValue).toArray(),
        content.digest());
  }

  /** The segments of a split folder name; it must stay inside the archive. */
  private static List<String> folderSegments(Path archive, String dir, String role) {
    List<String> segments = new ArrayList<>();
    for (String segment : dir.split("/")) {
      if (segment.equals("..")) {
        throw new DataException(role + " folder " + dir + " leads outside the archive "
            + archive + ": expected a folder inside it");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    if (segments.isEmpty()) {
      throw new DataException(role + " folder '" + dir + "' is not a folder name: expected a "
          + "folder inside the archive " + archive);
    }
    return List.copyOf(segments);
  }
}
