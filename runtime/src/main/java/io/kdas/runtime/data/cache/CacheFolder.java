package io.kdas.runtime.data.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the folder that decoded-pixel caches go to.
 *
 * <p>Caching must never be the reason a load fails: sources often sit in read-only places (a
 * shared data folder, a mounted bucket), so an unusable cache folder falls back to one under
 * {@code java.io.tmpdir}, keyed by the source, and only if that fails too is nothing cached.
 */
public final class CacheFolder {

  private static final Logger log = LoggerFactory.getLogger(CacheFolder.class);

  private CacheFolder() {}

  /**
   * The cache folder to use: {@code cacheDir} if it can be created and written, else a folder
   * under {@code java.io.tmpdir}/kdas-cache keyed by {@code source}, else null (no caching).
   *
   * <p>A {@code cacheDir} inside an archive file (the default {@code <root>/.kdas-cache} when the
   * root is an archive) can never be created; {@code <archive>.kdas-cache} next to the archive is
   * used in its place.
   *
   * @param cacheDir the requested folder, or null
   * @param source the absolute, normalized data source (folder or archive)
   */
  public static Path resolve(Path cacheDir, Path source) {
    if (cacheDir != null) {
      Path requested = cacheDir.toAbsolutePath().normalize();
      if (!requested.equals(source) && requested.startsWith(source)
          && Files.isRegularFile(source)) {
        cacheDir = source.resolveSibling(source.getFileName() + ".kdas-cache");
        log.info("cache folder {} would be inside the archive {}; using {}",
            requested, source, cacheDir);
      }
      try {
        Files.createDirectories(cacheDir);
        if (Files.isWritable(cacheDir)) {
          return cacheDir;
        }
      } catch (IOException | SecurityException e) {
        // Fall through to the temporary folder.
      }
    }
    Path fallback =
        Path.of(System.getProperty("java.io.tmpdir"), "kdas-cache",
            Fingerprint.shortHash(source.toString(), 16));
    try {
      Files.createDirectories(fallback);
      if (cacheDir == null) {
        log.info("no cache folder given; caching decoded images in {}", fallback);
      } else {
        log.info(
            "cache folder {} cannot be created or written; caching decoded images in {}",
            cacheDir, fallback);
      }
      return fallback;
    } catch (IOException | SecurityException e) {
      log.warn("cannot create a cache folder ({}, {}); images will be decoded on every run",
          cacheDir, fallback);
      return null;
    }
  }
}
