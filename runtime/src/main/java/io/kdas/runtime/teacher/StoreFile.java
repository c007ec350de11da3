package io.kdas.runtime.teacher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * The teacher predictions of a store on disk, beside the teachers' SavedModels, so that another
 * run with the same teachers, data and views (e.g. {@code kdas run --teachers}) starts warm. The
 * file is named by a key over everything the predictions depend on and written atomically; a
 * file whose key or length does not match is ignored.
 */
final class StoreFile {

  private static final int MAGIC = 0x4B445350; // "KDSP"

  private StoreFile() {}

  static void write(Path file, String key, BitSet stored, float[] logits) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(temp);
        DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out))) {
      data.writeInt(MAGIC);
      data.writeUTF(key);
      byte[] bits = stored.toByteArray();
      data.writeInt(bits.length);
      data.write(bits);
      data.writeInt(logits.length);
      data.flush();
    }
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.allocate(logits.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buffer.asFloatBuffer().put(logits);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads a store file into {@code stored} and {@code logits}; false if it does not match. */
  static boolean read(Path file, String key, BitSet stored, float[] logits) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
      if (data.readInt() != MAGIC || !data.readUTF().equals(key)) {
        return false;
      }
      byte[] bits = new byte[data.readInt()];
      data.readFully(bits);
      if (data.readInt() != logits.length) {
        return false;
      }
      byte[] raw = data.readNBytes(logits.length * 4);
      if (raw.length != logits.length * 4) {
        return false;
      }
      ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(logits);
      stored.clear();
      stored.or(BitSet.valueOf(bits));
      return true;
    }
  }
}
