package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.TestImages;
import io.kdas.runtime.data.archive.TarWriter;
import io.kdas.runtime.data.cache.CacheTampering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes tiny CIFAR-10 and CIFAR-100 binary releases in the official layouts (as archives and as
 * unpacked folders) whose every pixel byte is a known function of (record, channel, position),
 * and reads them back.
 */
class CifarBinaryLoaderTest {

  private static final int PLANE = 1024;

  @TempDir Path temp;

  /** The value of channel c at position p (= y * 32 + x) of global example i of a split. */
  private static int value(int split, int i, int c, int p) {
    return (split * 89 + i * 37 + c * 101 + p * 7 + (p >> 5) * 3) & 0xFF;
  }

  /** Records of examples [first, first + n): label bytes from {@code labels}, planar pixels. */
  private static byte[] records(int split, int first, int n, int[][] labels) {
    int labelBytes = labels[0].length;
    int recordBytes = labelBytes + 3 * PLANE;
    byte[] bytes = new byte[n * recordBytes];
    for (int r = 0; r < n; r++) {
      int i = first + r;
      for (int b = 0; b < labelBytes; b++) {
        bytes[r * recordBytes + b] = (byte) labels[i][b];
      }
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < PLANE; p++) {
          bytes[r * recordBytes + labelBytes + c * PLANE + p] = (byte) value(split, i, c, p);
        }
      }
    }
    return bytes;
  }

  private static void assertPixels(ImageSplit split, int splitId) {
    assertEquals(32, split.height());
    assertEquals(32, split.width());
    for (int i = 0; i < split.size(); i++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          for (int c = 0; c < 3; c++) {
            int expected = value(splitId, i, c, y * 32 + x);
            if (TestImages.pixel(split, i, y, x, c) != expected) {
              throw new AssertionError("example " + i + " (" + y + "," + x + ") channel " + c
                  + ": expected " + expected + ", got " + TestImages.pixel(split, i, y, x, c));
            }
          }
        }
      }
    }
  }

  // ---- CIFAR-10: 5 train batches of 2 records, a test batch of 3, 3 classes ----

  private static final List<String> CIFAR10_NAMES = List.of("airplane", "bird", "cat");
  private static final int[][] CIFAR10_TRAIN = {{0}, {1}, {2}, {2}, {1}, {0}, {0}, {0}, {1}, {2}};
  private static final int[][] CIFAR10_TEST = {{2}, {0}, {1}};

  /** The CIFAR-10 release as file name to content. */
  private static Map<String, byte[]> cifar10Files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("batches.meta.txt", "airplane\nbird\ncat\n\n\n".getBytes());
    for (int b = 0; b < 5; b++) {
      files.put("data_batch_" + (b + 1) + ".bin", records(0, 2 * b, 2, CIFAR10_TRAIN));
    }
    files.put("test_batch.bin", records(1, 0, 3, CIFAR10_TEST));
    files.put("readme.html", "<html>the official archive has one</html>".getBytes());
    return files;
  }

  private static TarWriter tar(String folder, Map<String, byte[]> files) {
    TarWriter tar = new TarWriter();
    if (!folder.isEmpty()) {
      tar.dir(folder);
    }
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      tar.file(folder + file.getKey(), file.getValue());
    }
    return tar;
  }

  private Path unpack(Path folder, Map<String, byte[]> files) throws IOException {
    Files.createDirectories(folder);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Files.write(folder.resolve(file.getKey()), file.getValue());
    }
    return folder;
  }

  private static int[] column(int[][] labels, int index) {
    return Arrays.stream(labels).mapToInt(l -> l[index]).toArray();
  }

  private static String hash(Dataset dataset) {
    return dataset.identity().substring(dataset.identity().lastIndexOf('#'));
  }

  @Test
  void readsCifar10FromTheArchiveTheFolderAndItsParent() throws IOException {
    Path archive = tar("cifar-10-batches-bin/", cifar10Files())
        .write(temp.resolve("cifar-10-binary.tar.gz"));
    Path parent = temp.resolve("unpacked");
    Path folder = unpack(parent.resolve("cifar-10-batches-bin"), cifar10Files());
    Path flat = tar("", cifar10Files()).write(temp.resolve("flat.tar"));
    String expectedHash = null;
    for (Path source : List.of(archive, folder, parent, flat)) {
      Dataset dataset = CifarBinaryLoader.loadCifar10(source, temp.resolve("cache"));
      assertEquals(CIFAR10_NAMES, dataset.classNames(), source.toString());
      assertEquals(10, dataset.train().size());
      assertEquals(3, dataset.test().size());
      assertArrayEquals(column(CIFAR10_TRAIN, 0), dataset.train().labels());
      assertArrayEquals(column(CIFAR10_TEST, 0), dataset.test().labels());
      assertPixels(dataset.train(), 0);
      assertPixels(dataset.test(), 1);
      Path named = source.equals(parent) ? folder : source;
      assertTrue(dataset.identity().startsWith("cifar-10(" + named.toAbsolutePath() + ")#"),
          dataset.identity());
      if (expectedHash == null) {
        expectedHash = hash(dataset);
      }
      assertEquals(expectedHash, hash(dataset), "the same release has the same identity hash");
    }
  }

  @Test
  void hwcConversionPutsEachPlaneInItsChannel() throws IOException {
    // One record: red plane all 10, green plane the column index, blue plane the row index.
    byte[] record = new byte[1 + 3 * PLANE];
    for (int p = 0; p < PLANE; p++) {
      record[1 + p] = 10;
      record[1 + PLANE + p] = (byte) (p % 32);
      record[1 + 2 * PLANE + p] = (byte) (p / 32);
    }
    Map<String, byte[]> files = cifar10Files();
    files.put("test_batch.bin", record);
    Dataset dataset = CifarBinaryLoader.loadCifar10(
        tar("", files).write(temp.resolve("c.tar")), temp.resolve("cache"));
    ImageSplit test = dataset.test();
    assertEquals(1, test.size());
    assertEquals(10, TestImages.pixel(test, 0, 5, 7, 0));
    assertEquals(7, TestImages.pixel(test, 0, 5, 7, 1));
    assertEquals(5, TestImages.pixel(test, 0, 5, 7, 2));
    assertEquals(31, TestImages.pixel(test, 0, 0, 31, 1));
    assertEquals(31, TestImages.pixel(test, 0, 31, 0, 2));
  }

  @Test
  void badCifar10FilesAreReportedByName() throws IOException {
    Path folder = temp.resolve("cifar-10-batches-bin");
    unpack(folder, cifar10Files());
    Path batch3 = folder.resolve("data_batch_3.bin");
    Files.write(batch3, Arrays.copyOf(Files.readAllBytes(batch3), 2 * 3073 + 1));
    DataException e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(folder, temp.resolve("cache")));
    assertEquals(batch3 + ": 6,147 bytes is not a whole number of 3,073-byte records",
        e.getMessage());

    unpack(folder, cifar10Files());
    Files.write(batch3, Arrays.copyOf(Files.readAllBytes(batch3), 3073)); // one record of two
    e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(folder, temp.resolve("cache")));
    assertEquals(batch3 + ": 1 records (3,073 bytes), expected 6,146 bytes like "
        + folder.resolve("data_batch_1.bin") + ": the batch is cut short", e.getMessage());

    unpack(folder, cifar10Files());
    Files.delete(folder.resolve("data_batch_4.bin"));
    e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(folder, temp.resolve("cache")));
    assertEquals("missing " + folder.resolve("data_batch_4.bin") + ": expected "
        + "data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, "
        + "data_batch_5.bin, test_batch.bin and batches.meta.txt in " + folder, e.getMessage());

    unpack(folder, cifar10Files());
    byte[] test = Files.readAllBytes(folder.resolve("test_batch.bin"));
    test[2 * 3073] = 3; // record 2: label 3 of 3 classes
    Files.write(folder.resolve("test_batch.bin"), test);
    e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(folder, temp.resolve("cache")));
    assertEquals(folder.resolve("test_batch.bin") + " record 2: label 3 is out of range 0..2",
        e.getMessage());

    e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(temp.resolve("nowhere"), temp.resolve("cache")));
    assertTrue(e.getMessage().contains(temp.resolve("nowhere") + " does not exist"),
        e.getMessage());

    Path empty = Files.createDirectories(temp.resolve("empty"));
    e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(empty, temp.resolve("cache")));
    assertTrue(e.getMessage().startsWith("no CIFAR-10 files in " + empty), e.getMessage());
  }

  @Test
  void badCifar10ArchivesAreReportedByEntry() throws IOException {
    Map<String, byte[]> files = cifar10Files();
    files.put("extra.bin", new byte[3073]);
    Path extra = tar("cifar-10-batches-bin/", files).write(temp.resolve("extra.tar.gz"));
    DataException e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(extra, temp.resolve("cache")));
    assertTrue(e.getMessage().startsWith("unexpected entry cifar-10-batches-bin/extra.bin in "
        + "archive " + extra + ": expected only the CIFAR-10 files data_batch_1.bin"),
        e.getMessage());

    files = cifar10Files();
    files.remove("test_batch.bin");
    Path missing = tar("cifar-10-batches-bin/", files).write(temp.resolve("missing.tar.gz"));
    e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(missing, temp.resolve("cache")));
    assertTrue(e.getMessage().startsWith("archive " + missing + " has no test_batch.bin: "
        + "expected data_batch_1.bin"), e.getMessage());

    files = cifar10Files();
    files.put("data_batch_3.bin", Arrays.copyOf(files.get("data_batch_3.bin"), 3073 + 5));
    Path size = tar("cifar-10-batches-bin/", files).write(temp.resolve("size.tar"));
    e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(size, temp.resolve("cache")));
    assertEquals(size + " entry cifar-10-batches-bin/data_batch_3.bin: 3,078 bytes is not a "
        + "whole number of 3,073-byte records", e.getMessage());

    byte[] tar = tar("cifar-10-batches-bin/", cifar10Files()).bytes();
    Path cut = TarWriter.write(temp.resolve("cut.tar"), Arrays.copyOf(tar, tar.length / 2));
    e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(cut, temp.resolve("cache")));
    assertTrue(e.getMessage().matches("archive " + cut + " is truncated at entry "
        + "cifar-10-batches-bin/data_batch_\\d.bin"), e.getMessage());

    Path evil = tar("cifar-10-batches-bin/", cifar10Files()).file("../evil.txt", "x")
        .write(temp.resolve("evil.tar.gz"));
    e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(evil, temp.resolve("cache")));
    assertTrue(e.getMessage().startsWith("refusing archive entry ../evil.txt of " + evil),
        e.getMessage());

    Path split = new TarWriter().file("a/data_batch_1.bin", new byte[3073])
        .file("b/data_batch_2.bin", new byte[3073]).write(temp.resolve("split.tar"));
    e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(split, temp.resolve("cache")));
    assertTrue(e.getMessage().contains("in different folders"), e.getMessage());
  }

  // ---- CIFAR-100: train.bin of 6 records, test.bin of 4, 4 fine and 2 coarse classes ----

  private static final int[][] CIFAR100_TRAIN = {{0, 3}, {1, 0}, {1, 2}, {0, 1}, {0, 0}, {1, 3}};
  private static final int[][] CIFAR100_TEST = {{1, 1}, {0, 2}, {1, 3}, {0, 0}};

  private static Map<String, byte[]> cifar100Files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("coarse_label_names.txt", "animal\nthing\n".getBytes());
    files.put("fine_label_names.txt", "beaver\n\ndolphin\notter\nlamp\n".getBytes());
    files.put("test.bin", records(1, 0, 4, CIFAR100_TEST));
    files.put("train.bin", records(0, 0, 6, CIFAR100_TRAIN));
    return files;
  }

  @Test
  void readsCifar100FineAndCoarseLabelsWithSeparateCaches() throws IOException {
    Path archive = tar("cifar-100-binary/", cifar100Files())
        .write(temp.resolve("cifar-100-binary.tar.gz"));
    Path folder = unpack(temp.resolve("u/cifar-100-binary"), cifar100Files());
    Path cache = temp.resolve("cache");
    for (Path source : List.of(archive, folder, folder.getParent())) {
      for (int round = 0; round < 2; round++) { // the second round reads the caches
        Dataset fine = CifarBinaryLoader.loadCifar100(source, false, cache);
        assertEquals(List.of("beaver", "dolphin", "otter", "lamp"), fine.classNames());
        assertArrayEquals(column(CIFAR100_TRAIN, 1), fine.train().labels());
        assertArrayEquals(column(CIFAR100_TEST, 1), fine.test().labels());
        assertPixels(fine.train(), 0);
        assertPixels(fine.test(), 1);
        assertTrue(fine.identity().startsWith("cifar-100-fine("), fine.identity());

        Dataset coarse = CifarBinaryLoader.loadCifar100(source, true, cache);
        assertEquals(List.of("animal", "thing"), coarse.classNames());
        assertArrayEquals(column(CIFAR100_TRAIN, 0), coarse.train().labels());
        assertArrayEquals(column(CIFAR100_TEST, 0), coarse.test().labels());
        assertPixels(coarse.train(), 0);
        assertTrue(coarse.identity().startsWith("cifar-100-coarse("), coarse.identity());
      }
    }
    assertTrue(Files.exists(cache.resolve("cifar100-fine-train-32.u8")));
    assertTrue(Files.exists(cache.resolve("cifar100-coarse-train-32.u8")));
    assertTrue(Files.exists(cache.resolve("cifar100-fine-manifest-32.txt")));
  }

  @Test
  void anOutOfRangeFineLabelNamesTheFileAndRecord() throws IOException {
    Map<String, byte[]> files = cifar100Files();
    byte[] train = files.get("train.bin");
    train[5 * 3074 + 1] = (byte) 134; // record 5, fine label
    Path archive = tar("cifar-100-binary/", files).write(temp.resolve("bad.tar.gz"));
    DataException e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar100(archive, false, temp.resolve("cache")));
    assertEquals(archive + " entry cifar-100-binary/train.bin record 5: fine label 134 is out "
        + "of range 0..3", e.getMessage());
    // The coarse labels of the same file are fine.
    assertEquals(6, CifarBinaryLoader.loadCifar100(archive, true, temp.resolve("cache"))
        .train().size());

    Path folder = unpack(temp.resolve("cifar-100-binary"), files);
    e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar100(folder, false, temp.resolve("cache")));
    assertEquals(folder.resolve("train.bin") + " record 5: fine label 134 is out of range 0..3",
        e.getMessage());
  }

  @Test
  void theCacheAnswersWithoutReadingTheSourceUntilItChanges() throws IOException {
    Path archive = tar("cifar-10-batches-bin/", cifar10Files())
        .write(temp.resolve("cifar-10-binary.tar.gz"));
    Path cache = temp.resolve("cache");
    Dataset first = CifarBinaryLoader.loadCifar10(archive, cache);
    FileTime time = Files.getLastModifiedTime(archive);
    byte[] garbage = new byte[(int) Files.size(archive)];
    Arrays.fill(garbage, (byte) 7);
    Files.write(archive, garbage);
    Files.setLastModifiedTime(archive, time);
    Dataset second = CifarBinaryLoader.loadCifar10(archive, cache);
    assertEquals(first.identity(), second.identity());
    assertArrayEquals(first.train().pixels(), second.train().pixels());
    Files.setLastModifiedTime(archive, FileTime.fromMillis(time.toMillis() + 2000));
    DataException e = assertThrows(DataException.class,
        () -> CifarBinaryLoader.loadCifar10(archive, cache));
    assertTrue(e.getMessage().contains("not a tar archive"), e.getMessage());

    // Folder: tamper with the cache to see whether it is used, then touch a batch.
    Path folder = unpack(temp.resolve("f/cifar-10-batches-bin"), cifar10Files());
    Path folderCache = temp.resolve("fcache");
    CifarBinaryLoader.loadCifar10(folder, folderCache);
    Path trainCache = folderCache.resolve("cifar10-train-32.u8");
    CacheTampering.xorLastPixel(trainCache, 0x55);
    Dataset tampered = CifarBinaryLoader.loadCifar10(folder, folderCache);
    assertEquals(value(0, 9, 2, 1023) ^ 0x55,
        TestImages.pixel(tampered.train(), 9, 31, 31, 2), "the cache was read");
    Path batch = folder.resolve("data_batch_5.bin");
    Files.setLastModifiedTime(batch,
        FileTime.fromMillis(Files.getLastModifiedTime(batch).toMillis() + 2000));
    assertPixels(CifarBinaryLoader.loadCifar10(folder, folderCache).train(), 0);
  }
}
