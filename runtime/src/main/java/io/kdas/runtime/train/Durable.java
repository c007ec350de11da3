package io.kdas.runtime.train;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * fsync for files and folders, so that a rename that publishes an output happens after its
 * content is on disk: a crash of the machine (not only of the process) then leaves either the
 * old state or the complete new one.
 */
public final class Durable {

  private Durable() {}

  /** Syncs a file or a folder (a folder's entries: the names created or renamed in it). */
  public static void sync(Path path) throws IOException {
    boolean folder = Files.isDirectory(path);
    try (FileChannel channel = FileChannel.open(path,
        folder ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      channel.force(true);
    } catch (IOException e) {
      if (!folder) {
        throw e; // some filesystems cannot sync a folder; a file must be synced
      }
    }
  }

  /** {@link #write} of UTF-8 text. */
  public static void writeString(Path file, String content) {
    write(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Replaces a file atomically (a temporary file beside it, synced, then renamed over it),
   * creating its folder if needed: a reader sees the old content or the new, never a part.
   */
  public static void write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(temp, content);
      sync(temp);
      Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Deletes a file or a folder with everything in it; nothing if it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Syncs every file under {@code root}, then the folders. */
  public static void syncTree(Path root) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.toList();
    }
    for (Path p : paths) {
      if (Files.isRegularFile(p)) {
        sync(p);
      }
    }
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        sync(p);
      }
    }
  }
}
