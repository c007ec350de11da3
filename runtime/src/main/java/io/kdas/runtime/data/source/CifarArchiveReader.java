package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.archive.ArchivePaths;
import io.kdas.runtime.data.archive.TarEntry;
import io.kdas.runtime.data.archive.TarReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CIFAR binary release from its {@code .tar.gz} (or {@code .tar}) in one streaming pass,
 * converting the records of each batch as its member streams by.
 *
 * <p>The files may sit at the top of the archive or inside one folder (the official archives use
 * {@code cifar-10-batches-bin/} and {@code cifar-100-binary/}), all in the same place. Besides
 * the release's files only folders, hidden files and README-like files (the official {@code
 * readme.html}) may appear; anything else is reported by name, as are unsafe members (see
 * {@link ArchivePaths}) and missing files.
 */
final class CifarArchiveReader {

  private CifarArchiveReader() {}

  /**
   * Reads the files that {@code format} needs.
   *
   * @param archive the absolute archive path
   */
  static CifarFiles read(Path archive, CifarFormat format) {
    List<String> required = format.requiredFiles();
    Map<String, CifarRecords.Part> parts = new HashMap<>();
    Map<String, Long> sizes = new HashMap<>();
    Map<String, String> seen = new HashMap<>();
    List<String> names = null;
    String folder = null;
    try (TarReader tar = TarReader.open(archive)) {
      for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
        List<String> segments = ArchivePaths.checked(archive, entry);
        if (entry.isDirectory() || segments.isEmpty() || ArchivePaths.isHidden(segments)) {
          continue;
        }
        String path = String.join("/", segments);
        String file = segments.get(segments.size() - 1);
        boolean known = required.contains(file) || format.otherFiles().contains(file);
        if (!known || segments.size() > 2) {
          if (segments.size() <= 2 && ArchivePaths.isReadmeLike(file)) {
            continue;
          }
          throw new DataException("unexpected entry " + path + " in archive " + archive
              + ": expected only the " + format.title() + " files " + format.expectedFiles()
              + " (and README files), at its top or inside one folder");
        }
        String parent = segments.size() == 1 ? "" : segments.get(0);
        if (folder == null) {
          folder = parent;
        } else if (!folder.equals(parent)) {
          throw new DataException("archive " + archive + " has " + seen.values().iterator().next()
              + " and " + path + " in different folders: expected all " + format.title()
              + " files in one folder");
        }
        if (seen.put(file, path) != null) {
          throw new DataException("archive " + archive + " has entry " + path
              + " twice: expected each file once");
        }
        if (!required.contains(file)) {
          continue; // a file of the release that this format does not use
        }
        sizes.put(file, entry.size());
        String where = ArchivePaths.describe(archive, path);
        if (file.equals(format.namesFile())) {
          names = CifarFiles.names(tar.readContent(), where);
        } else {
          parts.put(file, CifarRecords.read(tar.content(), entry.size(), where, format));
        }
      }
    }
    for (String file : required) {
      if (!sizes.containsKey(file)) {
        throw new DataException("archive " + archive + " has no " + file + ": expected "
            + format.expectedFiles() + " at its top or inside one folder (such as "
            + format.folder() + "/)");
      }
    }
    return new CifarFiles(parts, names, CifarFiles.contentKey(format, sizes));
  }
}
