package io.kdas.runtime.data.fetch;

import io.kdas.runtime.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An expected digest of a file: the algorithm ({@code md5} or {@code sha256}) and its value in
 * lower-case hex.
 *
 * @param algorithm {@code md5} or {@code sha256}
 * @param hex the digest, lower-case hex of the algorithm's length
 */
public record Checksum(String algorithm, String hex) {

  /** Validates and normalizes (lower case). */
  public Checksum {
    algorithm = algorithm.toLowerCase(Locale.ROOT);
    int length = switch (algorithm) {
      case "md5" -> 32;
      case "sha256" -> 64;
      default -> throw new IllegalArgumentException(
          "unknown checksum algorithm '" + algorithm + "': expected md5 or sha256");
    };
    hex = hex.strip().toLowerCase(Locale.ROOT);
    if (hex.length() != length || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("'" + hex + "' is not a " + algorithm + " checksum: "
          + "expected " + length + " hex digits");
    }
  }

  /** An MD5 checksum. */
  public static Checksum md5(String hex) {
    return new Checksum("md5", hex);
  }

  /** A SHA-256 checksum. */
  public static Checksum sha256(String hex) {
    return new Checksum("sha256", hex);
  }

  /** A fresh digest of this algorithm. */
  MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(algorithm.equals("md5") ? "MD5" : "SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  /**
   * The digest of a file with this algorithm, in lower-case hex.
   *
   * @throws DataException naming the file if it cannot be read
   */
  String compute(Path file) {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new DataException("cannot read " + file + " to verify its " + algorithm + ": " + e,
          e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Whether {@code file} has this digest. */
  boolean matches(Path file) {
    return compute(file).equals(hex);
  }

  /** {@code md5 c32a1d4a...}, as written in messages and markers. */
  @Override
  public String toString() {
    return algorithm + " " + hex;
  }
}
