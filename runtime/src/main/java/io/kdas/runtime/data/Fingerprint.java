package io.kdas.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

/**
 * Builds the 64-bit fingerprint that a cache is stamped with: a digest of everything the cached
 * pixels depend on (the loader and its options, and the source files' paths, sizes and
 * modification times).
 *
 * <p>Files enter by their attributes only, one stat each, never by their contents: that is what
 * lets a valid cache answer a load without reading a 20 MB archive or 150 MB of binary batches.
 * Replacing a source changes its size or time, and with them the fingerprint.
 */
final class Fingerprint {

  private final MessageDigest digest = SourceListing.sha256();

  /** Adds a value (an option, a loader name) as one line. */
  Fingerprint add(String part) {
    SourceListing.update(digest, part);
    return this;
  }

  /** Adds a value as one line. */
  Fingerprint add(long part) {
    return add(Long.toString(part));
  }

  /**
   * Adds a file's absolute path, size and modification time.
   *
   * @throws DataException naming the file if it cannot be stat-ed
   */
  Fingerprint addFile(Path file) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new DataException("cannot read the attributes of " + file + ": " + e, e);
    }
    return add(file.toAbsolutePath().normalize() + "|" + attributes.size() + "|"
        + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
  }

  /** The fingerprint of everything added so far. */
  long value() {
    return firstLong(digest.digest());
  }

  /** The first 8 bytes of a digest, big-endian. */
  static long firstLong(byte[] digest) {
    long hash = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      hash = (hash << 8) | (digest[i] & 0xFF);
    }
    return hash;
  }
}
