package io.kdas.runtime.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a tar archive, gzip-compressed or not, front to back in one streaming pass: the members'
 * headers with {@link #next()} and the current member's content with {@link #content()} or
 * {@link #readContent()} (content that is not read is skipped).
 *
 * <p>Written here rather than taken from a library because the project uses the JDK only, and
 * because data loading needs little of tar: ustar headers (name, size, type flag, link name and
 * the ustar prefix), GNU long names and long link names ('L', 'K' members), and pax extended
 * headers ('x'; their {@code path}, {@code linkpath} and {@code size} are applied, global 'g'
 * headers are skipped). Sizes in GNU base-256 form are understood.
 *
 * <p>Every problem is a {@link DataException} that names the archive and the member: a header
 * whose checksum does not match (not a tar archive, or corrupt), corrupt gzip data, and an
 * archive that ends inside a member or without the end-of-archive block ("truncated at entry
 * train/cat/0042.jpg"). The reader does not judge member names or types; {@link ArchivePaths}
 * does.
 */
public final class TarReader implements Closeable {

  private static final int BLOCK = 512;
  private static final int BUFFER = 1 << 16;
  /** Long names and pax headers larger than this are not plausible. */
  private static final int MAX_META_BYTES = 1 << 20;
  /**
   * No member of a data set KDAS reads comes near this (CIFAR-100's train.bin: 150 MB): a larger
   * one is refused from its header, before a byte of it is inflated.
   */
  static final long MAX_MEMBER_BYTES = 1L << 30;
  /** What an archive may expand to in all: refuses archives that inflate without end. */
  static final long MAX_TOTAL_BYTES = 64L << 30;

  private final Path archive;
  private final InputStream in;
  private final byte[] header = new byte[BLOCK];

  /** The stored name of the current member, null before the first and after the end. */
  private String current;
  /** The name of the member before the current one, for "truncated after" messages. */
  private String previous;
  private long remaining;
  private long padding;
  private boolean ended;
  private long expanded;

  private TarReader(Path archive, InputStream in) {
    this.archive = archive;
    this.in = in;
  }

  /**
   * Opens an archive; gzip compression is recognized by its magic bytes, whatever the name.
   *
   * @throws DataException naming the archive if it cannot be opened
   */
  public static TarReader open(Path archive) {
    InputStream file = null;
    try {
      file = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
      file.mark(2);
      int first = file.read();
      int second = file.read();
      file.reset();
      InputStream in = file;
      if (first == 0x1F && second == 0x8B) {
        in = new BufferedInputStream(new GZIPInputStream(file, BUFFER), BUFFER);
      }
      return new TarReader(archive, in);
    } catch (IOException e) {
      if (file != null) {
        try {
          file.close();
        } catch (IOException ignored) {
          // Already failing; the first error is the one to report.
        }
      }
      if (e instanceof EOFException) {
        throw new DataException("archive " + archive + " is truncated in its gzip header", e);
      }
      throw new DataException("cannot open archive " + archive + ": " + e, e);
    }
  }

  /**
   * Moves to the next member, skipping what is left of the current one.
   *
   * @return the next member, or null at the end of the archive
   */
  public TarEntry next() {
    TarEntry entry = nextEntry();
    if (entry != null) {
      if (entry.size() > MAX_MEMBER_BYTES) {
        throw new DataException("archive " + archive + " entry " + entry.name() + " is "
            + entry.size() + " bytes, more than the " + MAX_MEMBER_BYTES + " any member of a "
            + "data set may have: refused before it is expanded");
      }
      expanded += entry.size();
      if (expanded > MAX_TOTAL_BYTES) {
        throw new DataException("archive " + archive + " expands to more than "
            + MAX_TOTAL_BYTES + " bytes at entry " + entry.name() + ": refused; unpack it "
            + "yourself into a folder if it is genuine");
      }
    }
    return entry;
  }

  private TarEntry nextEntry() {
    if (ended) {
      return null;
    }
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    if (current != null) {
      previous = current;
      current = null;
    }
    String longName = null;
    String longLink = null;
    Map<String, String> pax = Map.of();
    while (true) {
      int read = read(header, 0, BLOCK);
      if (read < BLOCK) {
        if (read == 0 && previous == null) {
          throw new DataException("archive " + archive + " is empty: expected a tar archive");
        }
        throw new DataException("archive " + archive + " is truncated "
            + (previous == null ? "in its first header" : "after entry " + previous)
            + ": expected another header or the end-of-archive block");
      }
      if (isZero(header)) {
        ended = true;
        return null;
      }
      checkChecksum();
      char type = (char) (header[156] & 0xFF);
      long size = number(124, 12, "size");
      String name = name();
      switch (type) {
        case 'L' -> {
          longName = string(meta(size, name));
          continue;
        }
        case 'K' -> {
          longLink = string(meta(size, name));
          continue;
        }
        case 'x' -> {
          pax = pax(meta(size, name), name);
          continue;
        }
        case 'g' -> {
          meta(size, name);
          continue;
        }
        default -> {
          // A member: below.
        }
      }
      if (pax.containsKey("path")) {
        name = pax.get("path");
      } else if (longName != null) {
        name = longName;
      }
      String link = text(157, 100);
      if (pax.containsKey("linkpath")) {
        link = pax.get("linkpath");
      } else if (longLink != null) {
        link = longLink;
      }
      if (pax.containsKey("size")) {
        try {
          size = Long.parseLong(pax.get("size"));
        } catch (NumberFormatException e) {
          throw corrupt("a pax size '" + pax.get("size") + "' at entry " + name);
        }
      }
      if (size < 0) {
        throw corrupt("a negative size at entry " + name);
      }
      // As GNU tar and Python do: only regular files (and unknown types) carry content.
      boolean content = "123456".indexOf(type) < 0;
      TarEntry entry = new TarEntry(name, type, content ? size : 0, link);
      current = name;
      remaining = entry.size();
      padding = paddingOf(remaining);
      return entry;
    }
  }

  /**
   * The whole content of the current member.
   *
   * @throws DataException naming the archive and the member if it is truncated or too large
   */
  byte[] readContent() {
    if (remaining > Integer.MAX_VALUE - 16) {
      throw new DataException("archive " + archive + " entry " + current + " is " + remaining
          + " bytes, too large to hold in memory");
    }
    byte[] bytes = new byte[(int) remaining];
    if (read(bytes, 0, bytes.length) < bytes.length) {
      throw truncated();
    }
    remaining = 0;
    return bytes;
  }

  /**
   * A stream over the rest of the current member's content. It ends at the member's end and
   * throws {@link DataException} if the archive ends first; it is valid until {@link #next()}.
   */
  public InputStream content() {
    return new InputStream() {
      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (remaining == 0) {
          return -1;
        }
        int want = (int) Math.min(len, remaining);
        int got = TarReader.this.read(b, off, want);
        if (got < want) {
          throw truncated();
        }
        remaining -= got;
        return got;
      }
    };
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // Reading is over; nothing depends on a clean close of an input stream.
    }
  }

  /** Reads up to {@code len} bytes, fewer only at the end of the stream. */
  private int read(byte[] b, int off, int len) {
    try {
      return in.readNBytes(b, off, len);
    } catch (EOFException e) {
      throw truncated();
    } catch (ZipException e) {
      throw corrupt("gzip data (" + e.getMessage() + ") " + where());
    } catch (IOException e) {
      throw new DataException("cannot read archive " + archive + " " + where() + ": " + e, e);
    }
  }

  private void skip(long n) {
    if (n <= 0) {
      return;
    }
    try {
      in.skipNBytes(n);
    } catch (EOFException e) {
      throw truncated();
    } catch (ZipException e) {
      throw corrupt("gzip data (" + e.getMessage() + ") " + where());
    } catch (IOException e) {
      throw new DataException("cannot read archive " + archive + " " + where() + ": " + e, e);
    }
  }

  /** Reads the content of a metadata member (long name, pax header) and its padding. */
  private byte[] meta(long size, String name) {
    if (size < 0 || size > MAX_META_BYTES) {
      throw corrupt("a " + size + "-byte metadata header at entry " + name);
    }
    current = name;
    byte[] bytes = new byte[(int) size];
    if (read(bytes, 0, bytes.length) < bytes.length) {
      throw truncated();
    }
    skip(paddingOf(size));
    current = null;
    return bytes;
  }

  /** Parses pax records, each {@code "<length> <key>=<value>\n"}. */
  private Map<String, String> pax(byte[] bytes, String name) {
    Map<String, String> values = new HashMap<>();
    int pos = 0;
    while (pos < bytes.length) {
      int space = pos;
      while (space < bytes.length && bytes[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(bytes, pos, space - pos, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw corrupt("a pax header with a bad record length at entry " + name);
      }
      if (length <= space - pos + 1 || pos + length > bytes.length) {
        throw corrupt("a pax header with a bad record length at entry " + name);
      }
      String record =
          new String(bytes, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals > 0) {
        values.put(record.substring(0, equals), record.substring(equals + 1));
      }
      pos += length;
    }
    return values;
  }

  private String name() {
    String name = text(0, 100);
    boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't'
        && header[260] == 'a' && header[261] == 'r' && header[262] == 0;
    if (ustar) {
      String prefix = text(345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private String text(int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String string(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  /** An octal field, or a GNU base-256 one (high bit of the first byte set). */
  private long number(int offset, int length, String field) {
    long value = parseNumber(offset, length);
    if (value < 0) {
      throw corrupt("a bad " + field + " field in the header " + headerPlace());
    }
    return value;
  }

  /** The value of a numeric field, or -1 if it is not a number. */
  private long parseNumber(int offset, int length) {
    if ((header[offset] & 0x80) != 0) {
      long value = header[offset] & 0x7F;
      for (int i = offset + 1; i < offset + length; i++) {
        value = (value << 8) | (header[i] & 0xFF);
      }
      return value;
    }
    long value = 0;
    int i = offset;
    int end = offset + length;
    while (i < end && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    while (i < end && header[i] >= '0' && header[i] <= '7') {
      value = value * 8 + (header[i] - '0');
      i++;
    }
    for (; i < end; i++) {
      if (header[i] != ' ' && header[i] != 0) {
        return -1;
      }
    }
    return value;
  }

  private void checkChecksum() {
    long stored = parseNumber(148, 8);
    // The checksum field counts as spaces; old tars summed signed bytes, so accept both sums.
    long unsigned = 8 * ' ';
    long signed = 8 * ' ';
    for (int i = 0; i < BLOCK; i++) {
      if (i < 148 || i >= 156) {
        unsigned += header[i] & 0xFF;
        signed += header[i];
      }
    }
    if (stored < 0 || (stored != unsigned && stored != signed)) {
      throw new DataException("archive " + archive + " is not a tar archive or is corrupt: bad "
          + "header checksum " + headerPlace());
    }
  }

  private String headerPlace() {
    return previous == null ? "at its start" : "after entry " + previous;
  }

  private String where() {
    if (current != null) {
      return "at entry " + current;
    }
    return previous == null ? "at its start" : "after entry " + previous;
  }

  private DataException truncated() {
    return new DataException("archive " + archive + " is truncated " + where());
  }

  private DataException corrupt(String what) {
    return new DataException("archive " + archive + " is corrupt: " + what);
  }

  private static long paddingOf(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
