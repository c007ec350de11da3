package io.kdas.runtime.data.archive;

import io.kdas.runtime.data.DataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * Judges and normalizes the member names of an archive before a loader interprets them.
 *
 * <p>Loaders never write archive members to disk, but a name that is absolute, climbs out with
 * {@code ..}, or is a link says that the archive is not what it claims to be (or is an attack on
 * tools that do extract it); such members are refused outright rather than skipped, so that a
 * tampered data set cannot pass unnoticed. Devices and FIFOs are refused for the same reason.
 */
public final class ArchivePaths {

  /** Base names (before the first dot) of documentation files that data archives often carry. */
  private static final Set<String> README_NAMES = Set.of(
      "readme", "license", "licence", "notice", "copying", "copyright", "authors", "citation",
      "changelog", "changes");

  private ArchivePaths() {}

  /** How an archive member is named in messages: {@code <archive> entry <path>}. */
  public static String describe(Path archive, String entry) {
    return archive + " entry " + entry;
  }

  /**
   * The path segments of a tar member, with {@code .} segments, empty segments and a trailing
   * slash dropped ({@code ./train/cat/} becomes [train, cat]; {@code ./} becomes []).
   *
   * @throws DataException naming the archive and the member if the name is absolute, contains
   *     {@code ..} or a NUL, or if the member is a link, a device, a FIFO or of an unsupported type
   */
  public static List<String> checked(Path archive, TarEntry entry) {
    List<String> segments = segments(archive, entry.name());
    if (!entry.isFile() && !entry.isDirectory()) {
      throw new DataException("refusing archive entry " + entry.name() + " of " + archive + ": "
          + entry.kind() + ", expected only regular files and folders");
    }
    if (segments.isEmpty() && entry.isFile()) {
      throw new DataException("refusing archive entry '" + entry.name() + "' of " + archive
          + ": a file without a name");
    }
    return segments;
  }

  /**
   * The path segments of a zip member, by the same rules as a tar member's.
   *
   * @throws DataException naming the archive and the member if the name is absolute, contains
   *     {@code ..} or a NUL, names no file, or if the member is a Unix symbolic link (which a zip
   *     stores as a file holding the target)
   */
  public static List<String> checked(Path archive, ZipArchiveEntry entry) {
    String name = entry.getName();
    List<String> segments = segments(archive, name);
    if (entry.isUnixSymlink()) {
      throw new DataException("refusing archive entry " + name + " of " + archive
          + ": a symbolic link, expected only files and folders");
    }
    if (segments.isEmpty() && !entry.isDirectory()) {
      throw new DataException("refusing archive entry '" + name + "' of " + archive
          + ": a file without a name");
    }
    return segments;
  }

  private static List<String> segments(Path archive, String name) {
    if (name.startsWith("/") || name.startsWith("\\")
        || (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0)))) {
      throw new DataException("refusing archive entry " + name + " of " + archive
          + ": an absolute path, expected paths relative to the archive root");
    }
    if (name.indexOf('\0') >= 0) {
      throw new DataException("refusing archive entry " + name.replace('\0', '?') + " of "
          + archive + ": a NUL character in its name");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : name.split("[/\\\\]")) {
      if (segment.equals("..")) {
        throw new DataException("refusing archive entry " + name + " of " + archive
            + ": '..' leads outside the archive root");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    return List.copyOf(segments);
  }

  /** Whether a segment is hidden ({@code .DS_Store}, macOS {@code ._*} resource forks). */
  public static boolean isHidden(List<String> segments) {
    for (String segment : segments) {
      if (segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Whether a file name is documentation: README, LICENSE, NOTICE, ... with any extension. */
  public static boolean isReadmeLike(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int dot = lower.indexOf('.');
    return README_NAMES.contains(dot < 0 ? lower : lower.substring(0, dot));
  }

  /**
   * The single top-level folder that holds everything, or null if members sit at the top.
   *
   * <p>The top-level folders are the first segments of folders and of files below the top (a
   * top-level file such as a README is not a folder). If they are exactly one name that is not
   * itself one of {@code topNames} (the names a member at the top would start with), that name is
   * the top folder.
   *
   * @param members the segments of every member
   * @param folders for each member, whether it is a folder
   * @param topNames first segments that mean "no top folder" (e.g. "train" and "test")
   */
  public static String topFolder(List<List<String>> members, List<Boolean> folders,
      Collection<String> topNames) {
    String top = null;
    for (int i = 0; i < members.size(); i++) {
      List<String> segments = members.get(i);
      if (segments.isEmpty() || (segments.size() == 1 && !folders.get(i))) {
        continue;
      }
      String first = segments.get(0);
      if (topNames.contains(first)) {
        return null;
      }
      if (top == null) {
        top = first;
      } else if (!top.equals(first)) {
        return null;
      }
    }
    return top;
  }

  /** The segments below {@code top} (null: the top), or null if the member is not below it. */
  public static List<String> below(String top, List<String> segments) {
    if (top == null) {
      return segments;
    }
    if (segments.size() < 2 || !segments.get(0).equals(top)) {
      return null;
    }
    return segments.subList(1, segments.size());
  }
}
