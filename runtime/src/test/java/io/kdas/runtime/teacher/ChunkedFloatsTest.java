package io.kdas.runtime.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkedFloatsTest {

  @TempDir Path dir;

  @Test
  void recordsKeepTheirValuesAcrossChunksOnTheHeapAndInAMappedFile() throws Exception {
    int record = 3;
    long records = 1000;
    // 7 floats per chunk hold 2 whole records: 500 chunks, none holding part of a record.
    try (ChunkedFloats heap = new ChunkedFloats(records, record, 7, Long.MAX_VALUE, dir);
        ChunkedFloats mapped = new ChunkedFloats(records, record, 7, 0, dir.resolve("s"))) {
      assertFalse(heap.mapped());
      assertTrue(mapped.mapped());
      assertEquals(500, heap.chunkCount());
      float[] values = new float[record];
      for (long i = 0; i < records; i++) {
        for (int k = 0; k < record; k++) {
          values[k] = i * 10 + k;
        }
        heap.put(i, values, 0);
        mapped.put(records - 1 - i, values, 0);
      }
      float[] got = new float[record + 2];
      for (long i = 0; i < records; i++) {
        heap.get(i, got, 2);
        assertArrayEquals(new float[] {i * 10, i * 10 + 1, i * 10 + 2},
            java.util.Arrays.copyOfRange(got, 2, 5), "record " + i);
        mapped.get(records - 1 - i, got, 0);
        assertEquals(i * 10 + 2, got[2]);
      }

      // Written and read back through a single array of other chunking, with the same checksum.
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CRC32 written = new CRC32();
      heap.writeTo(Channels.newChannel(bytes), written, 0, records);
      assertEquals(4L * records * record, bytes.size());
      CRC32 independent = new CRC32();
      independent.update(bytes.toByteArray());
      assertEquals(independent.getValue(), written.getValue());
      try (ChunkedFloats back = new ChunkedFloats(records, record, 1 << 20, Long.MAX_VALUE, dir)) {
        CRC32 read = new CRC32();
        assertTrue(back.readFrom(Channels.newChannel(
            new ByteArrayInputStream(bytes.toByteArray())), read, 0, records));
        assertEquals(written.getValue(), read.getValue());
        back.get(999, got, 0);
        assertEquals(9992, got[2]);
        assertFalse(back.readFrom(Channels.newChannel(new ByteArrayInputStream(
            java.util.Arrays.copyOf(bytes.toByteArray(), 100))), new CRC32(), 0, records),
            "cut short");
      }
      // A range of records is the same bytes as that part of the whole.
      ByteArrayOutputStream part = new ByteArrayOutputStream();
      heap.writeTo(Channels.newChannel(part), new CRC32(), 100, 50);
      assertArrayEquals(java.util.Arrays.copyOfRange(bytes.toByteArray(), 4 * 100 * record,
          4 * 150 * record), part.toByteArray());
    }
    try (var left = Files.list(dir.resolve("s"))) {
      assertEquals(0, left.count(), "the scratch file is deleted on close");
    }
  }
}
