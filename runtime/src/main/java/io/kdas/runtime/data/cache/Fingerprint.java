package io.kdas.runtime.data.cache;

import io.kdas.runtime.data.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
public final class Fingerprint {

  private final MessageDigest digest = sha256();

  /** Adds a value (an option, a loader name) as one line. */
  public Fingerprint add(String part) {
    update(digest, part);
    return this;
  }

  /** Adds a value as one line. */
  public Fingerprint add(long part) {
    return add(Long.toString(part));
  }

  /**
   * Adds a file's absolute path, size and modification time.
   *
   * @throws DataException naming the file if it cannot be stat-ed
   */
  public Fingerprint addFile(Path file) {
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
  public long value() {
    return firstLong(digest.digest());
  }

  /** The first 8 bytes of a digest, big-endian. */
  public static long firstLong(byte[] digest) {
    long hash = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      hash = (hash << 8) | (digest[i] & 0xFF);
    }
    return hash;
  }

  /** Adds one line ({@code entry} and a newline) to a digest. */
  public static void update(MessageDigest digest, String entry) {
    digest.update(entry.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
  }

  /** A fresh SHA-256 digest; every JVM is required to provide one. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The first {@code chars} hex digits of the SHA-256 of {@code text}. */
  public static String shortHash(String text, int chars) {
    byte[] digest = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest).substring(0, chars);
  }
}
