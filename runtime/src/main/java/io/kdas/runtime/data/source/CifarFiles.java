package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.cache.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What was read from a CIFAR release, from an archive or a folder: the records of each batch
 * file, the class names, and the key that identifies the release.
 *
 * @param parts the records of each needed batch file, by file name
 * @param classNames the class names, in label order
 * @param contentKey a SHA-256 digest of the format and the needed files' names and sizes; the
 *     same for an archive and its unpacked folder
 */
record CifarFiles(Map<String, CifarRecords.Part> parts, List<String> classNames,
    byte[] contentKey) {

  /**
   * Parses a names file: one class name per line, surrounding blanks trimmed, blank lines
   * ignored.
   *
   * @throws DataException naming {@code where} if it holds no name
   */
  static List<String> names(byte[] text, String where) {
    List<String> names = new ArrayList<>();
    for (String line : new String(text, StandardCharsets.UTF_8).split("\r?\n")) {
      String name = line.strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      throw new DataException(where + " has no class names: expected one name per line");
    }
    return List.copyOf(names);
  }

  /** The identity key of a release: the format and each needed file's name and size. */
  static byte[] contentKey(CifarFormat format, Map<String, Long> sizes) {
    var digest = Fingerprint.sha256();
    Fingerprint.update(digest, "format:" + format.id());
    for (String file : format.requiredFiles()) {
      Fingerprint.update(digest, file + "|" + sizes.get(file));
    }
    return digest.digest();
  }
}
