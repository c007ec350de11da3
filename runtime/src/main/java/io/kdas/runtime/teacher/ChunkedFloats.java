package io.kdas.runtime.teacher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A long array of floats in fixed-size records, held in chunks so that it may exceed the 2^31
 * elements of a Java array: on the heap while it fits a heap budget, otherwise in a scratch file
 * mapped into memory (the operating system pages it; the heap holds nothing). A record never
 * straddles two chunks, so reading or writing one is a single bulk copy.
 */
final class ChunkedFloats implements AutoCloseable {

  /** Floats per chunk at most: 1 GiB of data, well inside what one buffer can address. */
  static final int MAX_CHUNK_FLOATS = 1 << 28;
  private static final int COPY_FLOATS = 1 << 20;

  private final int record;
  private final long records;
  private final long recordsPerChunk;
  private final List<FloatBuffer> chunks = new ArrayList<>();
  private final Path scratch;
  private final FileChannel channel;

  /**
   * @param records how many records
   * @param record floats per record
   * @param chunkFloats floats per chunk at most (rounded down to whole records)
   * @param heapBudget bytes the array may take on the heap; larger arrays are mapped
   * @param scratchDir where a mapped array's file is created (deleted on close)
   */
  ChunkedFloats(long records, int record, int chunkFloats, long heapBudget, Path scratchDir) {
    if (record < 1 || chunkFloats < record) {
      throw new IllegalArgumentException("a chunk of " + chunkFloats
          + " floats cannot hold a record of " + record);
    }
    this.record = record;
    this.records = records;
    this.recordsPerChunk = chunkFloats / record;
    long bytes = 4L * records * record;
    try {
      if (bytes <= heapBudget) {
        scratch = null;
        channel = null;
        for (long first = 0; first < records; first += recordsPerChunk) {
          chunks.add(FloatBuffer.wrap(new float[(int) (chunkRecords(first) * record)]));
        }
      } else {
        Files.createDirectories(scratchDir);
        scratch = Files.createTempFile(scratchDir, "teacher-store-", ".scratch");
        channel = FileChannel.open(scratch, StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.DELETE_ON_CLOSE);
        long position = 0;
        for (long first = 0; first < records; first += recordsPerChunk) {
          long size = 4L * chunkRecords(first) * record;
          chunks.add(channel.map(FileChannel.MapMode.READ_WRITE, position, size)
              .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
          position += size;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the teacher prediction store's file in "
          + scratchDir + ": " + e.getMessage(), e);
    }
  }

  private long chunkRecords(long first) {
    return Math.min(recordsPerChunk, records - first);
  }

  /** Whether the floats live in a mapped file rather than on the heap. */
  boolean mapped() {
    return scratch != null;
  }

  int chunkCount() {
    return chunks.size();
  }

  long records() {
    return records;
  }

  long bytes() {
    return 4L * records * record;
  }

  /** Copies record {@code index} into {@code out} at {@code offset}. */
  void get(long index, float[] out, int offset) {
    chunks.get((int) (index / recordsPerChunk))
        .get((int) (index % recordsPerChunk * record), out, offset, record);
  }

  /** Copies a record from {@code in} at {@code offset} into record {@code index}. */
  void put(long index, float[] in, int offset) {
    chunks.get((int) (index / recordsPerChunk))
        .put((int) (index % recordsPerChunk * record), in, offset, record);
  }

  /**
   * Writes records {@code [first, first + count)}, little-endian, adding the bytes to {@code
   * checksum}.
   */
  void writeTo(WritableByteChannel out, CRC32 checksum, long first, long count)
      throws IOException {
    int batch = Math.max(1, COPY_FLOATS / record);
    float[] floats = new float[batch * record];
    ByteBuffer bytes = ByteBuffer.allocateDirect(4 * floats.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long at = first; at < first + count; at += batch) {
      int n = (int) Math.min(batch, first + count - at);
      for (int j = 0; j < n; j++) {
        get(at + j, floats, j * record);
      }
      bytes.clear();
      bytes.asFloatBuffer().put(floats, 0, n * record);
      bytes.limit(4 * n * record);
      checksum.update(bytes.duplicate());
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
    }
  }

  /**
   * Reads records {@code [first, first + count)}, little-endian, adding the bytes to {@code
   * checksum}.
   *
   * @return false if the input ends first
   */
  boolean readFrom(ReadableByteChannel in, CRC32 checksum, long first, long count)
      throws IOException {
    int batch = Math.max(1, COPY_FLOATS / record);
    float[] floats = new float[batch * record];
    ByteBuffer bytes = ByteBuffer.allocateDirect(4 * floats.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long at = first; at < first + count; at += batch) {
      int n = (int) Math.min(batch, first + count - at);
      bytes.clear().limit(4 * n * record);
      while (bytes.hasRemaining()) {
        if (in.read(bytes) < 0) {
          return false;
        }
      }
      bytes.flip();
      checksum.update(bytes.duplicate());
      bytes.asFloatBuffer().get(floats, 0, n * record);
      for (int j = 0; j < n; j++) {
        put(at + j, floats, j * record);
      }
    }
    return true;
  }

  /** Releases the scratch file of a mapped array (the mapping goes with the garbage). */
  @Override
  public void close() {
    chunks.clear();
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
