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
 * does not take it either, the unpacked folder, and a digest of the name and size of every file
 * in it (hidden ones, such as caches, aside): a file deleted, cut short or replaced since makes the
 * fetch unpack the verified archive again.
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
    if (!Files.isDirectory(data)) {
      return null;
    }
    String listing = listing(data);
    if (!listing.equals(p.getProperty("listing"))) {
      org.slf4j.LoggerFactory.getLogger(FetchMarker.class).warn("{} no longer holds the files "
          + "that were unpacked (a file was removed, added, cut short or changed size); "
          + "unpacking the archive again", data);
      return null;
    }
    return data;
  }

  /**
   * A SHA-256 over the sorted relative path and size of every regular file under {@code data},
   * except hidden files and folders (KDAS's caches, the fetch's own files).
   */
  static String listing(Path data) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> files = Files.walk(data)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path relative = data.relativize(file);
        boolean hidden = false;
        for (Path part : relative) {
          hidden |= part.toString().startsWith(".");
        }
        if (!hidden && Files.isRegularFile(file)) {
          lines.add(relative.toString().replace('\\', '/') + "|" + Files.size(file));
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      return "unreadable";
    }
    lines.sort(null);
    try {
      var digest = java.security.MessageDigest.getInstance("SHA-256");
      for (String line : lines) {
        digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return lines.size() + ":" + java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
    p.setProperty("listing", listing(data));
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
