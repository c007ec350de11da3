package io.kdas.runtime.report;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.tensorflow.proto.Event;

/**
 * One TensorBoard event file: {@link Event} protos in TFRecord framing, each record being the
 * data's length (uint64, little-endian), the masked CRC-32C of those 8 bytes, the data and its
 * masked CRC-32C, the first event naming the file version. This is the format TensorFlow's
 * summary writer produces and TensorBoard reads.
 *
 * <p>A file belongs to one process: a resumed run starts a new file beside the old one (whose
 * last record a kill may have cut) and TensorBoard reads both in name order.
 */
public final class EventFile {

  private static final int MASK_DELTA = 0xa282ead8;

  private final Path path;

  private EventFile(Path path) {
    this.path = path;
  }

  /** A new event file in {@code folder}, named as TensorFlow names them. */
  public static EventFile create(Path folder) {
    long seconds = System.currentTimeMillis() / 1000;
    String name = String.format("events.out.tfevents.%010d.%s.%d.kdas", seconds, host(),
        ProcessHandle.current().pid());
    EventFile file = new EventFile(folder.resolve(name));
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder, e);
    }
    file.write(Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0)
        .setFileVersion("brain.Event:2").build());
    return file;
  }

  public Path path() {
    return path;
  }

  /** Appends one event; the record is on disk when this returns. */
  public synchronized void write(Event event) {
    byte[] data = event.toByteArray();
    ByteBuffer record = ByteBuffer.allocate(8 + 4 + data.length + 4)
        .order(ByteOrder.LITTLE_ENDIAN);
    record.putLong(data.length);
    record.putInt(maskedCrc(record.array(), 0, 8));
    record.put(data);
    record.putInt(maskedCrc(data, 0, data.length));
    try {
      Files.write(path, record.array(), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /**
   * Every event of a file, each record's checksums verified.
   *
   * @throws IOException when a record is cut or a checksum does not match
   */
  public static List<Event> read(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (in.hasRemaining()) {
      int at = in.position();
      if (in.remaining() < 12) {
        throw new IOException(file + ": record at byte " + at + " is cut");
      }
      long length = in.getLong();
      if (in.getInt() != maskedCrc(in.array(), at, 8)) {
        throw new IOException(file + ": length checksum of the record at byte " + at);
      }
      if (length < 0 || length > in.remaining() - 4) {
        throw new IOException(file + ": record at byte " + at + " is cut");
      }
      byte[] data = new byte[(int) length];
      in.get(data);
      if (in.getInt() != maskedCrc(data, 0, data.length)) {
        throw new IOException(file + ": data checksum of the record at byte " + at);
      }
      try {
        events.add(Event.parseFrom(data));
      } catch (InvalidProtocolBufferException e) {
        throw new IOException(file + ": record at byte " + at + " is not an Event", e);
      }
    }
    return events;
  }

  /** TFRecord's masked CRC-32C: rotated right by 15 bits, plus a constant. */
  static int maskedCrc(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  private static String host() {
    // Not InetAddress.getLocalHost(): it may wait for a name server.
    return System.getenv().getOrDefault("HOSTNAME", "localhost").replaceAll("[^A-Za-z0-9_-]",
        "_");
  }
}
