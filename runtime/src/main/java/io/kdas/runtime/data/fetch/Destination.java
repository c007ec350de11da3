package io.kdas.runtime.data.fetch;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.archive.ArchivePaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The folder an archive is unpacked into: resolves member names to paths that are checked to stay
 * inside it, and writes files through a temporary name that is renamed into place, so that a file
 * with its final name is always whole.
 *
 * <p>Two checks keep every write inside the folder: the member's path, once normalized, must lie
 * below the folder; and the real path of the folder that receives it (after following any
 * symbolic link already on disk) must too, so that a link placed there earlier cannot lead a
 * write elsewhere. Members never create links themselves: the unpackers refuse link members.
 */
final class Destination {

  /** The temporary name a file is written under before it is renamed. */
  static final String TEMP_NAME = ".kdas-unpacking.tmp";

  private final Path root;
  private final Path realRoot;
  private final Path archive;
  /** The last folder whose real path was checked, to skip repeating the check. */
  private Path checkedFolder;

  /**
   * @param root the folder to unpack into; created if needed
   * @param archive the archive, for messages
   */
  Destination(Path root, Path archive) {
    this.root = root.toAbsolutePath().normalize();
    this.archive = archive;
    try {
      Files.createDirectories(this.root);
      this.realRoot = this.root.toRealPath();
    } catch (IOException e) {
      throw new DataException("cannot create folder " + root + ": " + e, e);
    }
  }

  Path root() {
    return root;
  }

  /**
   * The path of a member with the given (already checked) segments.
   *
   * @throws DataException naming the archive and the member if the path would leave the folder
   */
  Path resolve(List<String> segments, String entry) {
    Path target = root;
    for (String segment : segments) {
      try {
        target = target.resolve(segment);
      } catch (InvalidPathException e) {
        throw refuse(entry, "'" + segment + "' is not a valid file name here");
      }
    }
    target = target.normalize();
    if (!target.startsWith(root)) {
      throw refuse(entry, "it would be written outside " + root);
    }
    return target;
  }

  /** Creates a folder member. */
  void directory(Path target, String entry) {
    try {
      Files.createDirectories(target);
    } catch (FileAlreadyExistsException e) {
      throw new DataException("cannot unpack " + describe(entry) + ": " + target
          + " exists and is not a folder");
    } catch (IOException e) {
      throw new DataException("cannot create folder " + target + " for " + describe(entry)
          + ": " + e, e);
    }
    checkInside(target, entry);
  }

  /**
   * Writes a file member: its content goes to a temporary file in the same folder that is then
   * renamed to {@code target}.
   *
   * @return the number of bytes written
   */
  long file(Path target, InputStream content, String entry) {
    if (target.equals(root)) {
      throw refuse(entry, "a file without a name");
    }
    Path folder = target.getParent();
    directory(folder, entry);
    Path temp = folder.resolve(TEMP_NAME);
    long bytes;
    boolean done = false;
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS)) {
        bytes = content.transferTo(out);
      }
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      return bytes;
    } catch (IOException e) {
      throw new DataException("cannot write " + target + " (" + describe(entry) + "): " + e, e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Already failing; the temporary file is overwritten by the next run.
        }
      }
    }
  }

  private void checkInside(Path folder, String entry) {
    if (folder.equals(checkedFolder)) {
      return;
    }
    Path real;
    try {
      real = folder.toRealPath();
    } catch (IOException e) {
      throw new DataException("cannot resolve " + folder + " for " + describe(entry) + ": " + e,
          e);
    }
    if (!real.startsWith(realRoot)) {
      throw refuse(entry, folder + " is a symbolic link (or below one) to " + real
          + ", outside " + root);
    }
    checkedFolder = folder;
  }

  String describe(String entry) {
    return ArchivePaths.describe(archive, entry);
  }

  DataException refuse(String entry, String why) {
    return new DataException("refusing archive entry " + entry + " of " + archive + ": " + why);
  }
}
