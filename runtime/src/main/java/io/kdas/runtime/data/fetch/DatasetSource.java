package io.kdas.runtime.data.fetch;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a data set comes from and what it unpacks to.
 *
 * @param name the name on the command line ({@code cifar10})
 * @param title the data set's name in messages ({@code CIFAR-10})
 * @param url where the archive is downloaded from
 * @param archiveName the file name the archive is saved under ({@code cifar-10-binary.tar.gz})
 * @param format how the archive is packed
 * @param checksum the archive's expected digest
 * @param expectedSize the archive's size in bytes, or -1 if not known
 * @param folder the folder the archive unpacks to ({@code cifar-10-batches-bin})
 * @param specField the run spec field of the data set's source ({@code data { cifar10 {...} }})
 * @param cacheName the folder under {@code .kdas-cache} where {@code kdas run} caches its decoded
 *     images by default
 */
public record DatasetSource(String name, String title, URI url, String archiveName,
    Format format, Checksum checksum, long expectedSize, String folder, String specField,
    String cacheName) {

  /** How an archive is packed. */
  public enum Format {
    /** A gzip-compressed tar archive. */
    TAR_GZ,
    /** A zip archive. */
    ZIP
  }

  /** The same data set from another URL (a mirror or a test server). */
  public DatasetSource withUrl(URI other) {
    return new DatasetSource(name, title, other, archiveName, format, checksum, expectedSize,
        folder, specField, cacheName);
  }

  /** The same data set with another expected checksum; the expected size is then unknown. */
  public DatasetSource withChecksum(Checksum other) {
    return new DatasetSource(name, title, url, archiveName, format, other, -1, folder,
        specField, cacheName);
  }

  /** The run spec lines that use the data at {@code path}. */
  public String specSnippet(Path path) {
    String quoted = path.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    return "data { " + specField + " { path: \"" + quoted + "\" } }";
  }
}
