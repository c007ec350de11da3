package io.kdas.runtime.data.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes tar archives for tests, member by member, with any name and type (including the unsafe
 * ones a loader must refuse): ustar headers, GNU 'L' members for names over 100 bytes, or pax
 * 'x' headers on request.
 */
public final class TarWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private boolean paxNames;

  /** Makes long names use pax headers instead of GNU 'L' members. */
  public TarWriter paxNames() {
    paxNames = true;
    return this;
  }

  public TarWriter file(String name, byte[] content) {
    return entry(name, '0', content, "");
  }

  public TarWriter file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  public TarWriter dir(String name) {
    return entry(name.endsWith("/") ? name : name + "/", '5', new byte[0], "");
  }

  public TarWriter symlink(String name, String target) {
    return entry(name, '2', new byte[0], target);
  }

  public TarWriter hardlink(String name, String target) {
    return entry(name, '1', new byte[0], target);
  }

  /** A member of any type, with a name that is stored as given. */
  public TarWriter entry(String name, char type, byte[] content, String link) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    String stored = name;
    if (nameBytes.length > 100) {
      if (paxNames) {
        String record = "path=" + name + "\n";
        int length = record.length() + 3;
        while (Integer.toString(length).length() + 1 + record.length() != length) {
          length = Integer.toString(length).length() + 1 + record.length();
        }
        byte[] pax = (length + " " + record).getBytes(StandardCharsets.UTF_8);
        writeMember("PaxHeaders/x", 'x', pax, "");
      } else {
        byte[] longName = (name + "\0").getBytes(StandardCharsets.UTF_8);
        writeMember("././@LongLink", 'L', longName, "");
      }
      stored = name.substring(0, 100);
    }
    writeMember(stored, type, content, link);
    return this;
  }

  private void writeMember(String name, char type, byte[] content, String link) {
    out.writeBytes(header(name, type, content.length, link));
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
  }

  /** The ustar header of a member of {@code size} bytes (at most 8 GiB - 1), alone. */
  public static byte[] header(String name, char type, long size, String link) {
    byte[] header = new byte[512];
    put(header, 0, 100, name);
    put(header, 100, 8, "0000644");
    put(header, 108, 8, "0001750");
    put(header, 116, 8, "0001750");
    put(header, 124, 12, String.format("%011o", size));
    put(header, 136, 12, String.format("%011o", 1_700_000_000L));
    header[156] = (byte) type;
    put(header, 157, 100, link);
    put(header, 257, 6, "ustar");
    put(header, 263, 2, "00");
    put(header, 265, 32, "kdas");
    put(header, 297, 32, "kdas");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xFF;
    }
    put(header, 148, 8, String.format("%06o", sum));
    header[155] = ' ';
    return header;
  }

  private static void put(byte[] header, int offset, int length, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, header, offset, Math.min(length, bytes.length));
  }

  /** The archive with its end-of-archive blocks. */
  public byte[] bytes() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(new byte[1024]);
    return copy.toByteArray();
  }

  /** The archive with its end-of-archive blocks, gzip-compressed. */
  public byte[] gz() {
    try {
      return gzip(bytes());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The members only, without the end-of-archive blocks. */
  public byte[] bytesWithoutEnd() {
    return out.toByteArray();
  }

  /** Writes the archive, gzip-compressed if the name ends with .gz or .tgz. */
  public Path write(Path file) throws IOException {
    return write(file, bytes());
  }

  /** Writes {@code tar} to {@code file}, gzip-compressed if the name ends with .gz or .tgz. */
  public static Path write(Path file, byte[] tar) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String name = file.getFileName().toString();
    if (name.endsWith(".gz") || name.endsWith(".tgz")) {
      Files.write(file, gzip(tar));
    } else {
      Files.write(file, tar);
    }
    return file;
  }

  public static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(packed)) {
      gz.write(bytes);
    }
    return packed.toByteArray();
  }
}
