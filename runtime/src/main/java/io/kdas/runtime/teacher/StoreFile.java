package io.kdas.runtime.teacher;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.zip.CRC32;

/**
 * The teacher predictions of a range of a store's examples on disk (every view of each), beside
 * the teachers' SavedModels, so that a resumed run, or another run with the same teachers, data
 * and views (e.g. {@code kdas run --teachers}), starts warm. The file is named by a key over
 * everything the predictions depend on and written atomically.
 *
 * <p>Layout: magic, key, the first (example, view) slot and the slot count (longs), the range's
 * stored-slot bits, the floats (little-endian), and a CRC-32 of the bits and floats. A file with
 * another key or range is another store's; a file whose length or checksum does not match is
 * corrupt and never used.
 */
final class StoreFile {

  private static final int MAGIC = 0x4B445333; // "KDS3"

  /** What reading found. */
  enum Outcome { ABSENT, OTHER_KEY, CORRUPT, LOADED }

  private StoreFile() {}

  /** Writes slots {@code [first, first + count)} of a store. */
  static void write(Path file, String key, BitSet stored, ChunkedFloats logits, long first,
      long count) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    CRC32 checksum = new CRC32();
    byte[] bits = stored.get((int) first, (int) (first + count)).toByteArray();
    checksum.update(bits);
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    try (DataOutputStream data = new DataOutputStream(header)) {
      data.writeInt(MAGIC);
      data.writeUTF(key);
      data.writeLong(first);
      data.writeLong(count);
      data.writeInt(bits.length);
      data.write(bits);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      writeFully(channel, ByteBuffer.wrap(header.toByteArray()));
      logits.writeTo(channel, checksum, first, count);
      writeFully(channel, ByteBuffer.allocate(8).putLong(0, checksum.getValue()));
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * Reads slots {@code [first, first + count)} of a store from a file into {@code stored} and
   * {@code logits}; {@code stored} is only set when the whole file is read and its checksum
   * matches.
   */
  static Outcome read(Path file, String key, BitSet stored, ChunkedFloats logits, long first,
      long count) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Outcome.ABSENT;
    }
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file));
        DataInputStream data = new DataInputStream(in)) {
      try {
        if (data.readInt() != MAGIC || !data.readUTF().equals(key)
            || data.readLong() != first || data.readLong() != count) {
          return Outcome.OTHER_KEY;
        }
        int bitBytes = data.readInt();
        if (bitBytes < 0 || bitBytes > (count + 7) / 8) {
          return Outcome.CORRUPT;
        }
        byte[] bits = new byte[bitBytes];
        data.readFully(bits);
        CRC32 checksum = new CRC32();
        checksum.update(bits);
        ReadableByteChannel channel = Channels.newChannel(data);
        if (!logits.readFrom(channel, checksum, first, count)
            || data.readLong() != checksum.getValue() || data.read() != -1) {
          return Outcome.CORRUPT;
        }
        stored.clear((int) first, (int) (first + count));
        BitSet range = BitSet.valueOf(bits);
        for (int i = range.nextSetBit(0); i >= 0; i = range.nextSetBit(i + 1)) {
          stored.set((int) first + i);
        }
        return Outcome.LOADED;
      } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
        return Outcome.CORRUPT;
      }
    }
  }
}
