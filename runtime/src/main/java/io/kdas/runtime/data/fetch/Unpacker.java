package io.kdas.runtime.data.fetch;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.archive.ArchivePaths;
import io.kdas.runtime.data.archive.TarEntry;
import io.kdas.runtime.data.archive.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a downloaded archive (tar.gz or zip) into a folder, in two passes: the first checks
 * every member's name and type, the second writes. So an archive with one unsafe member (an
 * absolute path, {@code ..}, a link, a device) is refused with a one-line {@link DataException}
 * naming the archive and the member before anything of it is written.
 *
 * <p>Tar members are judged by {@link ArchivePaths#checked}, the rule every archive loader of
 * KDAS uses; zip members by the same rules on their names (zip links are not recognized, and are
 * written as the regular files that {@code java.util.zip} sees, never as links). Files are
 * written through temporary names (see {@link Destination}).
 */
public final class Unpacker {

  private static final Logger log = LoggerFactory.getLogger(Unpacker.class);

  /**
   * What was unpacked.
   *
   * @param dataPath the single top-level folder of the archive, or the target folder if the
   *     archive has several top-level members
   * @param files the number of files written
   * @param bytes their total size
   */
  public record Result(Path dataPath, long files, long bytes) {}

  private Unpacker() {}

  /**
   * Unpacks {@code archive} into {@code root}, replacing files of the same names.
   *
   * @throws DataException naming the archive (and the member) if it is corrupt or a member is
   *     unsafe, or naming the file that cannot be written
   */
  public static Result unpack(Path archive, DatasetSource.Format format, Path root) {
    long start = System.nanoTime();
    Destination destination = new Destination(root, archive);
    Result result = switch (format) {
      case TAR_GZ -> unpackTar(archive, destination);
      case ZIP -> unpackZip(archive, destination);
    };
    log.info("unpacked {} files ({}) of {} into {} in {} ms", result.files(),
        Progress.megabytes(result.bytes()), archive, destination.root(),
        (System.nanoTime() - start) / 1_000_000);
    return result;
  }

  private static Result unpackTar(Path archive, Destination destination) {
    TopFolder top = new TopFolder();
    try (TarReader reader = TarReader.open(archive)) {
      for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
        List<String> segments = ArchivePaths.checked(archive, entry);
        destination.resolve(segments, entry.name());
        top.add(segments, entry.isDirectory());
      }
    }
    long files = 0;
    long bytes = 0;
    try (TarReader reader = TarReader.open(archive)) {
      for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
        List<String> segments = ArchivePaths.checked(archive, entry);
        Path target = destination.resolve(segments, entry.name());
        if (entry.isDirectory()) {
          destination.directory(target, entry.name());
        } else {
          bytes += destination.file(target, reader.content(), entry.name());
          files++;
        }
      }
    }
    return new Result(top.path(destination.root()), files, bytes);
  }

  private static Result unpackZip(Path archive, Destination destination) {
    TopFolder top = new TopFolder();
    long files = 0;
    long bytes = 0;
    try (ZipFile zip = ZipFile.builder().setFile(archive.toFile()).get()) {
      List<ZipArchiveEntry> entries = new ArrayList<>();
      for (ZipArchiveEntry entry : java.util.Collections.list(zip.getEntries())) {
        List<String> segments = ArchivePaths.checked(archive, entry);
        destination.resolve(segments, entry.getName());
        top.add(segments, entry.isDirectory());
        entries.add(entry);
      }
      for (ZipArchiveEntry entry : entries) {
        List<String> segments = ArchivePaths.checked(archive, entry);
        Path target = destination.resolve(segments, entry.getName());
        if (entry.isDirectory()) {
          destination.directory(target, entry.getName());
          continue;
        }
        try (InputStream in = zip.getInputStream(entry)) {
          bytes += destination.file(target, in, entry.getName());
        } catch (DataException e) {
          if (e.getCause() instanceof ZipException || e.getCause() instanceof java.io.EOFException) {
            throw new DataException("archive " + archive + " is corrupt at entry "
                + entry.getName() + ": " + e.getCause().getMessage(), e);
          }
          throw e;
        }
        files++;
      }
    } catch (ZipException e) {
      throw new DataException("archive " + archive + " is not a zip archive or is corrupt: "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new DataException("archive " + archive + " is not a zip archive or is corrupt: "
          + e.getMessage(), e);
    }
    return new Result(top.path(destination.root()), files, bytes);
  }

  /** Finds the single top-level folder that holds every member, if there is one. */
  private static final class TopFolder {
    private final Set<String> firsts = new LinkedHashSet<>();
    private boolean fileAtTop;

    void add(List<String> segments, boolean directory) {
      if (segments.isEmpty()) {
        return;
      }
      firsts.add(segments.get(0));
      if (segments.size() == 1 && !directory) {
        fileAtTop = true;
      }
    }

    Path path(Path root) {
      return firsts.size() == 1 && !fileAtTop ? root.resolve(firsts.iterator().next()) : root;
    }
  }
}
