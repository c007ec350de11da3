package io.kdas.runtime.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.io.FifoQueue;
import org.tensorflow.op.io.ReaderRead;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;
import org.tensorflow.types.TString;

class EventFileTest {

  @TempDir Path dir;

  @Test
  void maskedCrcIsTfRecordsOnTheStandardCheckValue() {
    // CRC-32C of "123456789" is 0xE3069283; TFRecord's mask rotates it right by 15 bits and
    // adds 0xA282EAD8 (computed by hand: 0xC78AB0E5).
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0xC78AB0E5, EventFile.maskedCrc(check, 0, check.length));
  }

  @Test
  void tensorFlowsOwnRecordReaderReadsTheFile() throws Exception {
    EventFile file = EventFile.create(dir);
    List<Event> written = new ArrayList<>();
    for (int step = 1; step <= 3; step++) {
      Event e = Event.newBuilder().setStep(step).setWallTime(1000 + step).setSummary(
          Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag("train/loss")
              .setSimpleValue(1f / step))).build();
      file.write(e);
      written.add(e);
    }
    assertTrue(file.path().getFileName().toString().startsWith("events.out.tfevents."),
        "TensorBoard finds files by this name: " + file.path());
    List<Event> read = EventFile.read(file.path());
    assertEquals("brain.Event:2", read.get(0).getFileVersion());
    assertEquals(written, read.subList(1, read.size()));

    // TensorFlow's own record reader checks both checksums of every record.
    List<byte[]> records = tensorFlowRecords(file.path());
    assertEquals(4, records.size());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(written.get(i).toByteArray(), records.get(i + 1));
    }
  }

  @Test
  void aDamagedRecordIsRefused() throws IOException {
    EventFile file = EventFile.create(dir);
    file.write(Event.newBuilder().setStep(1).build());
    byte[] bytes = Files.readAllBytes(file.path());
    bytes[bytes.length - 6] ^= 1; // inside the last record's data
    Files.write(file.path(), bytes);
    IOException e = assertThrows(IOException.class, () -> EventFile.read(file.path()));
    assertTrue(e.getMessage().contains("data checksum"), e.getMessage());
    assertThrows(org.tensorflow.exceptions.TensorFlowException.class,
        () -> tensorFlowRecords(file.path()), "TensorFlow's reader checks the same checksum");
    Files.write(file.path(), java.util.Arrays.copyOf(bytes, bytes.length - 3));
    assertTrue(assertThrows(IOException.class, () -> EventFile.read(file.path())).getMessage()
        .contains("cut"));
  }

  /** The records as TensorFlow's TFRecordReader op reads them (io::RecordReader, checksums on). */
  private static List<byte[]> tensorFlowRecords(Path file) {
    List<byte[]> records = new ArrayList<>();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      FifoQueue files = tf.io.fifoQueue(List.of(TString.class));
      var enqueue = tf.io.queueEnqueue(files, List.of(tf.constant(file.toString())));
      var close = tf.io.queueClose(files);
      ReaderRead read = tf.io.readerRead(tf.io.tfRecordReader(), files);
      s.runner().addTarget(enqueue).run();
      s.runner().addTarget(close).run();
      while (true) {
        try (var result = s.runner().fetch(read.value()).run()) {
          records.add(((TString) result.get(0)).asBytes().getObject());
        } catch (TFOutOfRangeException end) {
          return records;
        }
      }
    }
  }
}
