package io.kdas.runtime.data.fetch;

import io.kdas.runtime.data.DataException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The file {@code DIR/.<name>.kdas-fetched} that says a data set was downloaded, verified and
 * completely unpacked into {@code DIR}. It is written last (atomically) and removed before
 * unpacking starts, so a tree that was only partly unpacked is never taken as done.
 *
 * <p>It records the archive's checksum, so a run that expects another archive (another checksum)
 * does not take it either, and the unpacked folder, which must still exist.
 */
final class FetchMarker {

  private FetchMarker() {}

  /** Where the marker of {@code source} in {@code dir} is. */
  static Path path(Path dir, DatasetSource source) {
    return dir.resolve("." + source.name() + ".kdas-fetched");
  }

  /**
   * The unpacked data if the marker is there, records {@code source}'s checksum and archive, and
   * the folder it names exists; else null.
   */
  static Path verified(Path dir, DatasetSource source) {
    Path marker = path(dir, source);
    if (!Files.isRegularFile(marker)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
    if (!source.checksum().toString().equals(p.getProperty("checksum"))
        || !source.archiveName().equals(p.getProperty("archive"))) {
      return null;
    }
    String folder = p.getProperty("folder");
    if (folder == null || folder.contains("..")) {
      return null;
    }
    Path data = folder.isEmpty() ? dir : dir.resolve(folder);
    return Files.isDirectory(data) ? data : null;
  }

  /** Writes the marker for {@code unpacked}, atomically. */
  static void write(Path dir, DatasetSource source, Unpacker.Result unpacked) {
    Path marker = path(dir, source);
    Path root = dir.toAbsolutePath().normalize();
    Path data = unpacked.dataPath().toAbsolutePath().normalize();
    Properties p = new Properties();
    p.setProperty("dataset", source.name());
    p.setProperty("archive", source.archiveName());
    p.setProperty("checksum", source.checksum().toString());
    p.setProperty("url", source.url().toString());
    p.setProperty("folder", root.relativize(data).toString());
    p.setProperty("files", Long.toString(unpacked.files()));
    p.setProperty("bytes", Long.toString(unpacked.bytes()));
    Path temp = marker.resolveSibling(marker.getFileName() + ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        p.store(out, "kdas data fetch: " + source.name() + " downloaded, verified and unpacked");
      }
      try {
        Files.move(temp, marker, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, marker, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new DataException("cannot write " + marker + ": " + e, e);
    }
  }

  /** Removes the marker (before unpacking starts). */
  static void delete(Path dir, DatasetSource source) {
    Path marker = path(dir, source);
    try {
      Files.deleteIfExists(marker);
    } catch (IOException e) {
      throw new DataException("cannot delete " + marker + ": " + e, e);
    }
  }
}
