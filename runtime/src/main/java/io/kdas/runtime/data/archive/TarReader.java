package io.kdas.runtime.data.archive;

import io.kdas.runtime.data.DataException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads a tar archive, gzip-compressed or not, front to back in one streaming pass: the members'
 * headers with {@link #next()} and the current member's content with {@link #content()} or
 * {@link #readContent()} (content that is not read is skipped).
 *
 * <p>The format is Apache Commons Compress's ({@link TarArchiveInputStream}: ustar, GNU long
 * names, pax headers, base-256 sizes, header checksums; {@link GzipCompressorInputStream}). Two
 * things it does not do for us are added here, because data loading relies on them: member names
 * exactly as stored (Compress strips a leading {@code /} from long and pax names, and {@link
 * ArchivePaths} must see it to refuse the member), and an archive that ends inside a header or
 * without its end-of-archive block is truncated, not merely over.
 *
 * <p>Every problem is a {@link DataException} that names the archive and the member ("truncated
 * at entry train/cat/0042.jpg"). The reader does not judge member names or types; {@link
 * ArchivePaths} does. Members over {@link #MAX_MEMBER_BYTES} and archives expanding past {@link
 * #MAX_TOTAL_BYTES} are refused from their headers.
 */
public final class TarReader implements Closeable {

  private static final int BLOCK = 512;
  private static final int BUFFER = 1 << 16;
  /**
   * No member of a data set KDAS reads comes near this (CIFAR-100's train.bin: 150 MB): a larger
   * one is refused from its header, before a byte of it is inflated.
   */
  public static final long MAX_MEMBER_BYTES = 1L << 30;
  /** What an archive may expand to in all: refuses archives that inflate without end. */
  public static final long MAX_TOTAL_BYTES = 64L << 30;

  private final Path archive;
  private final Source source;
  private final Members tar;

  /** The stored name of the current member, null before the first and after the end. */
  private String current;
  /** The name of the member before the current one, for "truncated after" messages. */
  private String previous;
  private long remaining;
  private long expanded;

  private TarReader(Path archive, InputStream in) {
    this.archive = archive;
    this.source = new Source(in);
    this.tar = new Members(source);
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
        // Not buffered above: a read that meets a cut loses what it inflated before it, and the
        // cut would be reported entries too early.
        in = new GzipCompressorInputStream(file, true);
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
    drain(); // the rest of the current member: a cut there is "at entry" it
    if (current != null) {
      previous = current;
      current = null;
    }
    remaining = 0;
    TarArchiveEntry found;
    try {
      found = tar.getNextEntry();
    } catch (IOException e) {
      throw failure(e);
    }
    if (found == null) {
      if (source.total == 0) {
        throw new DataException("archive " + archive + " is empty: expected a tar archive");
      }
      if (!tar.sawEnd) {
        throw new DataException("archive " + archive + " is truncated "
            + (previous == null ? "in its first header" : "after entry " + previous)
            + ": expected another header or the end-of-archive block");
      }
      return null;
    }
    if (!found.isCheckSumOK()) {
      throw notTar("bad header checksum");
    }
    TarEntry entry = entry(found);
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
    current = entry.name();
    remaining = entry.size();
    return entry;
  }

  private void drain() {
    if (remaining == 0) {
      return; // the usual case: a member read whole, or a folder
    }
    byte[] buffer = new byte[(int) Math.min(BUFFER, remaining)];
    while (remaining > 0) {
      if (read(buffer, 0, (int) Math.min(buffer.length, remaining)) <= 0) {
        throw truncated();
      }
    }
  }

  /** The member as stored: raw long or pax names and link names win over Compress's. */
  private TarEntry entry(TarArchiveEntry e) {
    char type = (char) (e.getLinkFlag() & 0xFF);
    String name = tar.pax.getOrDefault("path", tar.longName != null ? tar.longName : e.getName());
    String link = tar.pax.getOrDefault("linkpath",
        tar.longLink != null ? tar.longLink : e.getLinkName());
    tar.forget();
    // As GNU tar and Python do: only regular files (and unknown types) carry content.
    boolean content = "123456".indexOf(type) < 0;
    return new TarEntry(name, type, content ? e.getSize() : 0, link == null ? "" : link);
  }

  /**
   * The whole content of the current member.
   *
   * @throws DataException naming the archive and the member if it is truncated or too large
   */
  public byte[] readContent() {
    if (remaining > Integer.MAX_VALUE - 16) {
      throw new DataException("archive " + archive + " entry " + current + " is " + remaining
          + " bytes, too large to hold in memory");
    }
    byte[] bytes = new byte[(int) remaining];
    int got = read(bytes, 0, bytes.length);
    if (got < bytes.length) {
      throw truncated();
    }
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
        int got = TarReader.this.read(b, off, (int) Math.min(len, remaining));
        if (got <= 0) {
          throw truncated();
        }
        return got;
      }
    };
  }

  /** Reads up to {@code len} content bytes of the current member, fewer only at its end. */
  private int read(byte[] b, int off, int len) {
    int total = 0;
    try {
      while (total < len) {
        int n = tar.read(b, off + total, len - total);
        if (n < 0) {
          break;
        }
        total += n;
      }
    } catch (IOException e) {
      throw failure(e);
    }
    remaining -= total;
    return total;
  }

  @Override
  public void close() {
    try {
      tar.close();
    } catch (IOException e) {
      // Reading is over; nothing depends on a clean close of an input stream.
    }
  }

  /** The one-line error for an exception of the reading stack. */
  private DataException failure(IOException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Corrupted TAR archive")) { // Compress: the header checksum
      return notTar("bad header checksum");
    }
    if (message.contains("parsing the header")) {
      return notTar("a header that does not parse");
    }
    if (e instanceof SourceFailure s) {
      IOException cause = s.cause();
      if (cause instanceof EOFException) {
        return truncated();
      }
      return corrupt((source.gzip(cause) ? "gzip data (" : "data (") + cause.getMessage()
          + ") " + where());
    }
    if (message.toLowerCase(java.util.Locale.ROOT).contains("truncated")) {
      return truncated();
    }
    return corrupt(message + " " + where());
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

  private DataException notTar(String what) {
    return new DataException("archive " + archive + " is not a tar archive or is corrupt: " + what
        + " " + where());
  }

  private DataException corrupt(String what) {
    return new DataException("archive " + archive + " is corrupt: " + what);
  }

  /** A failure of the (decompressed) byte source itself, kept apart from tar's own. */
  private static final class SourceFailure extends IOException {
    private static final long serialVersionUID = 1L;

    SourceFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }

    IOException cause() {
      return (IOException) getCause();
    }
  }

  /** Counts the bytes tar reads and marks the failures that come from below it. */
  private static final class Source extends FilterInputStream {
    long total;

    Source(InputStream in) {
      super(in);
    }

    boolean gzip(IOException e) {
      return e instanceof java.util.zip.ZipException
          || e.getClass().getPackageName().startsWith("org.apache.commons.compress.compressors");
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          total += n;
        }
        return n;
      } catch (IOException e) {
        throw new SourceFailure(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipping by reading: counted, and a gzip error while skipping is still seen.
      byte[] buffer = new byte[(int) Math.min(n, BUFFER)];
      long done = 0;
      while (done < n) {
        int got = read(buffer, 0, (int) Math.min(buffer.length, n - done));
        if (got < 0) {
          break;
        }
        done += got;
      }
      return done;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /**
   * Compress's tar stream, watched: a zero record (the end-of-archive block) is noted, and the
   * raw long names and pax records are kept.
   */
  private static final class Members extends TarArchiveInputStream {
    boolean sawEnd;
    String longName;
    String longLink;
    Map<String, String> pax = Map.of();
    private java.io.ByteArrayOutputStream paxBytes;

    Members(InputStream in) {
      super(in);
    }

    void forget() {
      longName = null;
      longLink = null;
      pax = Map.of();
    }

    @Override
    protected byte[] readRecord() throws IOException {
      if (sawEnd) {
        return super.readRecord();
      }
      finishPax();
      byte[] record = super.readRecord();
      if (record == null) {
        return null; // ended inside or right before a header: next() says truncated
      }
      sawEnd = isZero(record);
      return record;
    }

    @Override
    protected byte[] getLongNameData() throws IOException {
      boolean link = getCurrentEntry() != null && getCurrentEntry().isGNULongLinkEntry();
      byte[] data = super.getLongNameData();
      if (data != null) {
        int end = data.length;
        while (end > 0 && data[end - 1] == 0) {
          end--;
        }
        String text = new String(data, 0, end, StandardCharsets.UTF_8);
        if (link) {
          longLink = text;
        } else {
          longName = text;
        }
      }
      return data;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      TarArchiveEntry entry = getCurrentEntry();
      if (n > 0 && entry != null && entry.isPaxHeader() && !entry.isGlobalPaxHeader()) {
        if (paxBytes == null) {
          paxBytes = new java.io.ByteArrayOutputStream();
        }
        paxBytes.write(b, off, n);
      }
      return n;
    }

    /** Parses the pax records read since the last header, if any. */
    private void finishPax() {
      if (paxBytes == null) {
        return;
      }
      byte[] bytes = paxBytes.toByteArray();
      paxBytes = null;
      Map<String, String> values = new HashMap<>();
      int pos = 0;
      while (pos < bytes.length) {
        int space = pos;
        while (space < bytes.length && bytes[space] != ' ') {
          space++;
        }
        int length;
        try {
          length = Integer.parseInt(new String(bytes, pos, space - pos,
              StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
          return; // Compress rejects what it cannot parse
        }
        if (length <= space - pos + 1 || pos + length > bytes.length) {
          return;
        }
        String record = new String(bytes, space + 1, pos + length - space - 2,
            StandardCharsets.UTF_8);
        int equals = record.indexOf('=');
        if (equals > 0) {
          values.put(record.substring(0, equals), record.substring(equals + 1));
        }
        pos += length;
      }
      pax = values;
    }
  }

  private static boolean isZero(byte[] block) {
    for (int i = 0; i < BLOCK && i < block.length; i++) {
      if (block[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
