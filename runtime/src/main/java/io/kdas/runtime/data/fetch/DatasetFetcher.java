package io.kdas.runtime.data.fetch;

import io.kdas.runtime.data.DataException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a data set into a folder: download (resumed if a {@code .part} is there), verify, unpack,
 * mark as done.
 *
 * <ol>
 *   <li>If the folder's marker ({@link FetchMarker}) records the expected checksum and the
 *       unpacked folder exists, nothing is done, without network access.
 *   <li>If {@code DIR/<archive>} is there and has the expected checksum (a previous run that was
 *       interrupted while unpacking, or an archive copied there by hand), it is used as is.
 *   <li>Else the archive is downloaded into {@code DIR/<archive>.part} ({@link Downloader}), its
 *       checksum is computed over the whole file, and only if it matches is it renamed to {@code
 *       DIR/<archive>} (atomically). A mismatch deletes the part file and fails.
 *   <li>The archive is unpacked into {@code DIR} ({@link Unpacker}), and the marker is written.
 * </ol>
 *
 * <p>A lock file {@code DIR/.<name>.kdas-lock} keeps two fetches of the same data set into the
 * same folder from writing at the same time. The archive is kept after unpacking: it is what the
 * checksum vouches for, and the loaders can read it in place too.
 */
public final class DatasetFetcher {

  private static final Logger log = LoggerFactory.getLogger(DatasetFetcher.class);

  /**
   * The outcome of a fetch.
   *
   * @param source what was fetched
   * @param dataPath the unpacked data (the folder to name in a run spec)
   * @param alreadyPresent whether the verified data was already there (nothing was done)
   * @param downloaded whether the archive was downloaded in this run
   */
  public record Result(DatasetSource source, Path dataPath, boolean alreadyPresent,
      boolean downloaded) {}

  private final Downloader downloader;

  public DatasetFetcher(Downloader downloader) {
    this.downloader = downloader;
  }

  /**
   * Fetches {@code source} into {@code dir}.
   *
   * @throws DataException with one line naming the URL, file or archive entry if the download
   *     fails (the part file is kept for resuming), the checksum does not match (the part file is
   *     deleted), or the archive cannot be unpacked safely
   */
  public Result fetch(DatasetSource source, Path dir) {
    Path present = FetchMarker.verified(dir, source);
    if (present != null) {
      return new Result(source, present, true, false);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new DataException("cannot create folder " + dir + ": " + e, e);
    }
    Path lockFile = dir.resolve("." + source.name() + ".kdas-lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        throw new DataException("another kdas data fetch of " + source.name() + " is writing to "
            + dir + " (it holds " + lockFile + "); wait for it to finish");
      }
      try (lock) {
        return fetchLocked(source, dir);
      }
    } catch (IOException e) {
      throw new DataException("cannot lock " + lockFile + ": " + e, e);
    }
  }

  private Result fetchLocked(DatasetSource source, Path dir) {
    Path present = FetchMarker.verified(dir, source);
    if (present != null) {
      return new Result(source, present, true, false);
    }
    Path archive = dir.resolve(source.archiveName());
    boolean downloaded = false;
    if (Files.isRegularFile(archive) && source.checksum().matches(archive)) {
      log.info("{} is already there and matches its {}; not downloading it again", archive,
          source.checksum().algorithm());
    } else {
      if (Files.exists(archive)) {
        log.warn("{} is there but does not match {}; downloading it again", archive,
            source.checksum());
      }
      Path part = dir.resolve(source.archiveName() + ".part");
      log.info("downloading {} from {} into {}", source.title(), source.url(), part);
      downloader.download(source.url(), part, source.expectedSize());
      String actual = source.checksum().compute(part);
      if (!actual.equals(source.checksum().hex())) {
        try {
          Files.deleteIfExists(part);
        } catch (IOException e) {
          log.warn("cannot delete {}: {}", part, e.toString());
        }
        throw new DataException(archive + ": " + source.checksum().algorithm() + " " + actual
            + " does not match the expected " + source.checksum().hex()
            + "; the download is corrupt (deleted), run the command again");
      }
      log.info("{} matches {}", part, source.checksum());
      move(part, archive);
      downloaded = true;
    }
    FetchMarker.delete(dir, source);
    Unpacker.Result unpacked = Unpacker.unpack(archive, source.format(), dir);
    FetchMarker.write(dir, source, unpacked);
    return new Result(source, unpacked.dataPath(), false, downloaded);
  }

  /** The lock, or null if another process (or fetch in this process) holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static void move(Path from, Path to) {
    try {
      try {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new DataException("cannot rename " + from + " to " + to + ": " + e, e);
    }
  }
}
