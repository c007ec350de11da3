package io.kdas.runtime.data.cache;

import io.kdas.runtime.data.ImageSplit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoded-pixel cache of one split: a file {@code <split>-<size>.u8} that holds a header,
 * the labels and the raw pixels, so that 60,000 JPEGs are decoded once and later runs read one
 * file at disk speed.
 *
 * <p>Layout (little-endian): the magic {@code "KDASU8\1"} (7 bytes), then int32 version, count,
 * height, width, classes, then the int64 fingerprint of the source file list, then {@code count}
 * int32 labels, then {@code count * height * width * 3} pixel bytes (HWC, example-major), then
 * the int64 CRC-32 of the labels and pixels.
 *
 * <p>A cache is trusted only if every header field, the file length and the checksum match what
 * the current sources would produce (a flipped bit on disk is caught, not trained on); anything else (a partial write, an older format, changed sources) is
 * reported as stale and the caller decodes again. Writes go to a temporary file in the same
 * folder that is then atomically renamed, so readers never see a half-written cache.
 */
public final class SplitCache {

  private static final Logger log = LoggerFactory.getLogger(SplitCache.class);

  public static final byte[] MAGIC = {'K', 'D', 'A', 'S', 'U', '8', 1};
  public static final int VERSION = 2;
  public static final int HEADER_BYTES = MAGIC.length + 5 * Integer.BYTES + Long.BYTES;
  public static final int TRAILER_BYTES = Long.BYTES;
  /** Bytes per read or write call: bounds the JDK's temporary direct buffer. */
  private static final int CHUNK = 1 << 20;

  private SplitCache() {}

  /** The cache file of a split at an image size. */
  public static Path file(Path cacheDir, String split, int imageSize) {
    return cacheDir.resolve(split + "-" + imageSize + ".u8");
  }

  /**
   * Reads the cache if it exists and matches; otherwise logs why not and returns null.
   *
   * @param count the number of images the sources have
   * @param imageSize the expected height and width
   * @param classes the number of classes (every label must be below it)
   * @param fingerprint the fingerprint of the current source file list
   */
  public static ImageSplit read(Path file, int count, int imageSize, int classes, long fingerprint) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = channel.size();
      if (length < HEADER_BYTES) {
        return stale(file, "it is " + length + " bytes, shorter than the header");
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, header);
      header.flip();
      byte[] magic = new byte[MAGIC.length];
      header.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        return stale(file, "it does not start with the KDASU8 magic");
      }
      int version = header.getInt();
      int storedCount = header.getInt();
      int height = header.getInt();
      int width = header.getInt();
      int storedClasses = header.getInt();
      long storedFingerprint = header.getLong();
      if (version != VERSION) {
        return stale(file, "format version " + version + ", expected " + VERSION);
      }
      if (storedFingerprint != fingerprint) {
        return stale(file, "the source files changed (fingerprint "
            + Long.toHexString(storedFingerprint) + ", now " + Long.toHexString(fingerprint) + ")");
      }
      if (storedCount != count || height != imageSize || width != imageSize
          || storedClasses != classes) {
        return stale(file, "it holds " + storedCount + " images of " + height + "x" + width
            + " in " + storedClasses + " classes, expected " + count + " of " + imageSize + "x"
            + imageSize + " in " + classes);
      }
      long pixelBytes = (long) count * height * width * ImageSplit.CHANNELS;
      long expected = HEADER_BYTES + (long) count * Integer.BYTES + pixelBytes + TRAILER_BYTES;
      if (length != expected) {
        return stale(file, "it is " + length + " bytes, expected " + expected
            + " (an interrupted write?)");
      }
      ByteBuffer labelBytes =
          ByteBuffer.allocate(count * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, labelBytes);
      labelBytes.flip();
      int[] labels = new int[count];
      labelBytes.asIntBuffer().get(labels);
      for (int i = 0; i < count; i++) {
        if (labels[i] < 0 || labels[i] >= classes) {
          return stale(file, "example " + i + " has label " + labels[i]);
        }
      }
      byte[] pixels = new byte[(int) pixelBytes];
      readFully(channel, ByteBuffer.wrap(pixels));
      ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, trailer);
      long stored = trailer.flip().getLong();
      long actual = checksum(labelBytes.rewind(), pixels);
      if (stored != actual) {
        log.warn("cache {} is corrupt (checksum {} stored, {} read): not used; decoding the "
            + "images again", file, Long.toHexString(stored), Long.toHexString(actual));
        return null;
      }
      return new ImageSplit(pixels, labels, height, width);
    } catch (NoSuchFileException e) {
      log.info("no cache at {}: decoding the images", file);
      return null;
    } catch (IOException e) {
      return stale(file, "it cannot be read (" + e + ")");
    }
  }

  private static ImageSplit stale(Path file, String why) {
    log.info("not using cache {}: {}; decoding the images again", file, why);
    return null;
  }

  /** Writes the cache atomically (temporary file, then rename). */
  public static void write(Path file, ImageSplit split, int classes, long fingerprint)
      throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.put(MAGIC).putInt(VERSION).putInt(split.size()).putInt(split.height())
        .putInt(split.width()).putInt(classes).putLong(fingerprint).flip();
    ByteBuffer labels =
        ByteBuffer.allocate(split.size() * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    labels.asIntBuffer().put(split.labels());
    ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(0, checksum(labels.duplicate(), split.pixels()));
    atomicWrite(file, header, labels, ByteBuffer.wrap(split.pixels()), trailer);
  }

  private static long checksum(ByteBuffer labels, byte[] pixels) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(labels);
    crc.update(pixels);
    return crc.getValue();
  }

  /** Writes a text file (one line per entry) atomically. */
  public static void writeLines(Path file, List<String> lines) throws IOException {
    String text = String.join("\n", lines) + "\n";
    atomicWrite(file, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void atomicWrite(Path file, ByteBuffer... parts) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        for (ByteBuffer part : parts) {
          writeFully(channel, part);
        }
        channel.force(false);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        log.warn("{} does not support atomic renames; replacing {} non-atomically", dir, file);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    int end = buffer.limit();
    while (buffer.position() < end) {
      buffer.limit(Math.min(end, buffer.position() + CHUNK));
      if (channel.read(buffer) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    buffer.limit(end);
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    int end = buffer.limit();
    while (buffer.position() < end) {
      buffer.limit(Math.min(end, buffer.position() + CHUNK));
      channel.write(buffer);
    }
    buffer.limit(end);
  }
}
