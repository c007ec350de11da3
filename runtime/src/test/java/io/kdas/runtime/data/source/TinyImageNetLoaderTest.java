package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes a tiny TinyImageNet-200 tree in the official layout (3 wnids, 4 train images each, 11
 * validation images, a grayscale JPEG, boxes files, an unlabeled test folder) as a folder and as
 * a zip, and reads it back.
 */
class TinyImageNetLoaderTest {

  /** wnids.txt order, deliberately not sorted: it is the label order. */
  private static final List<String> WNIDS = List.of("n02123045", "n01443537", "n09999999");
  private static final int[] TRAIN_K = {0, 1, 2, 10};
  private static final int VAL = 11;
  /** JPEG is lossy: decoded constant colors may be off by this much. */
  private static final int TOLERANCE = 4;

  @TempDir Path temp;
  /** Path below the tiny-imagenet-200 folder to content. */
  private final Map<String, byte[]> tree = new LinkedHashMap<>();

  private static int trainColor(int label, int k) {
    return ((40 + 60 * label) << 16) | ((20 + 15 * k) << 8) | (200 - 30 * label);
  }

  private static int valLabel(int k) {
    return (2 * k) % 3;
  }

  private static int valColor(int k) {
    return ((10 + 20 * k) << 16) | (128 << 8) | (240 - 20 * k);
  }

  @BeforeEach
  void makeTree() throws IOException {
    put("wnids.txt", String.join("\n", WNIDS) + "\n");
    put("words.txt", "n00001740\tentity\nn01443537\tgoldfish, Carassius auratus\n"
        + "n02123045\ttabby, tabby cat\nn02123159\ttiger cat\n");
    for (int label = 0; label < WNIDS.size(); label++) {
      String wnid = WNIDS.get(label);
      StringBuilder boxes = new StringBuilder();
      for (int k : TRAIN_K) {
        String name = wnid + "_" + k + ".JPEG";
        boolean gray = label == 2 && k == 1;
        tree.put("train/" + wnid + "/images/" + name,
            gray ? jpeg(grayImage(16, 100)) : jpeg(constant(16, trainColor(label, k))));
        boxes.append(name).append("\t0\t0\t15\t15\n");
      }
      put("train/" + wnid + "/" + wnid + "_boxes.txt", boxes.toString());
    }
    List<String> annotations = new ArrayList<>();
    for (int k = 0; k < VAL; k++) {
      tree.put("val/images/val_" + k + ".JPEG", jpeg(constant(16, valColor(k))));
      annotations.add("val_" + k + ".JPEG\t" + WNIDS.get(valLabel(k)) + "\t1\t2\t13\t14");
    }
    java.util.Collections.reverse(annotations); // the order of the lines does not matter
    put("val/val_annotations.txt", String.join("\n", annotations) + "\n");
    tree.put("test/images/test_0.JPEG", jpeg(constant(16, 0x123456)));
  }

  private void put(String path, String text) {
    tree.put(path, text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, "jpg", out));
    return out.toByteArray();
  }

  private static BufferedImage constant(int size, int rgb) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  private static BufferedImage grayImage(int size, int value) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    Arrays.fill(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), (byte) value);
    return image;
  }

  private Path writeFolder(Path root) throws IOException {
    for (Map.Entry<String, byte[]> file : tree.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
    }
    return root;
  }

  private Path writeZip(Path zip, String top) throws IOException {
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      if (!top.isEmpty()) {
        out.putNextEntry(new ZipEntry(top));
        out.closeEntry();
      }
      for (Map.Entry<String, byte[]> member : tree.entrySet()) {
        out.putNextEntry(new ZipEntry(top + member.getKey()));
        out.write(member.getValue());
        out.closeEntry();
      }
    }
    return zip;
  }

  private static void assertColor(ImageSplit split, int example, int rgb) {
    for (int c = 0; c < 3; c++) {
      int expected = (rgb >> (16 - 8 * c)) & 0xFF;
      for (int y = 0; y < split.height(); y++) {
        for (int x = 0; x < split.width(); x++) {
          int actual = TestImages.pixel(split, example, y, x, c);
          assertTrue(Math.abs(actual - expected) <= TOLERANCE, "example " + example
              + " channel " + c + " at " + y + "," + x + ": " + actual + ", expected " + expected);
        }
      }
    }
  }

  private static void assertTinyImageNet(Dataset dataset) {
    assertEquals(List.of("tabby, tabby cat", "goldfish, Carassius auratus", "n09999999"),
        dataset.classNames());
    assertEquals(12, dataset.train().size());
    assertEquals(VAL, dataset.test().size());
    assertEquals(8, dataset.train().height());
    assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, dataset.train().labels());
    for (int label = 0; label < 3; label++) {
      for (int j = 0; j < TRAIN_K.length; j++) {
        // Files in natural order: _0, _1, _2, _10 (not _0, _1, _10, _2).
        int example = label * TRAIN_K.length + j;
        if (label == 2 && TRAIN_K[j] == 1) {
          // The grayscale JPEG: R = G = B.
          for (int c = 0; c < 3; c++) {
            assertEquals(TestImages.pixel(dataset.train(), example, 3, 3, 0),
                TestImages.pixel(dataset.train(), example, 3, 3, c));
          }
          assertColor(dataset.train(), example, 0x646464);
        } else {
          assertColor(dataset.train(), example, trainColor(label, TRAIN_K[j]));
        }
      }
    }
    for (int k = 0; k < VAL; k++) {
      assertEquals(valLabel(k), dataset.test().labels()[k], "val_" + k);
      assertColor(dataset.test(), k, valColor(k));
    }
  }

  @Test
  void readsTheFolderItsParentAndTheZip() throws IOException {
    Path parent = temp.resolve("data");
    Path folder = writeFolder(parent.resolve("tiny-imagenet-200"));
    Path zip = writeZip(temp.resolve("tiny-imagenet-200.zip"), "tiny-imagenet-200/");
    Path flatZip = writeZip(temp.resolve("flat.zip"), "");
    String hash = null;
    for (Path source : List.of(folder, parent, zip, flatZip)) {
      Dataset dataset = TinyImageNetLoader.load(source, 8, temp.resolve("cache"));
      assertTinyImageNet(dataset);
      Path named = source.equals(parent) ? folder : source;
      assertTrue(dataset.identity().startsWith("tiny-imagenet-200(" + named + ")#"),
          dataset.identity());
      String own = dataset.identity().substring(dataset.identity().lastIndexOf('#'));
      hash = hash == null ? own : hash;
      assertEquals(hash, own, "the same files have the same identity hash");
    }
  }

  @Test
  void inconsistentIndexFilesAreReportedWithFileAndLine() throws IOException {
    Path root = temp.resolve("tiny-imagenet-200");
    Path annotations = root.resolve("val/val_annotations.txt");
    String lines = new String(tree.get("val/val_annotations.txt"), StandardCharsets.UTF_8);

    put("val/val_annotations.txt", lines.replaceAll("val_7\\.JPEG[^\\n]*\\n", ""));
    writeFolder(root);
    DataException e = assertThrows(DataException.class, () -> load(root));
    assertEquals("validation image " + root.resolve("val/images/val_7.JPEG") + " has no line in "
        + annotations + ": expected '<file>\\t<wnid>\\t<x0>\\t<y0>\\t<x1>\\t<y1>'",
        e.getMessage());

    put("val/val_annotations.txt", lines.replace("val_3.JPEG\t" + WNIDS.get(0),
        "val_3.JPEG\tn00000001"));
    writeFolder(root);
    e = assertThrows(DataException.class, () -> load(root));
    // Lines are reversed: val_3 is on line 11 - 3 = 8.
    assertEquals(annotations + " line 8: wnid n00000001 of val_3.JPEG is not in "
        + root.resolve("wnids.txt"), e.getMessage());

    put("val/val_annotations.txt", lines + "val_99.JPEG\t" + WNIDS.get(0) + "\t0\t0\t1\t1\n");
    writeFolder(root);
    e = assertThrows(DataException.class, () -> load(root));
    assertEquals(annotations + " line 12: val_99.JPEG is not in " + root.resolve("val/images"),
        e.getMessage());
    put("val/val_annotations.txt", lines);

    tree.put("train/n12345678/images/n12345678_0.JPEG", tree.get("test/images/test_0.JPEG"));
    writeFolder(root);
    e = assertThrows(DataException.class, () -> load(root));
    assertEquals("train folder " + root.resolve("train/n12345678") + " is not in "
        + root.resolve("wnids.txt") + ": expected one train folder per listed wnid",
        e.getMessage());
  }

  @Test
  void errorsInAZipNameTheEntry() throws IOException {
    String lines = new String(tree.get("val/val_annotations.txt"), StandardCharsets.UTF_8);
    put("val/val_annotations.txt", lines.replace("val_3.JPEG\t" + WNIDS.get(0),
        "val_3.JPEG\tn00000001"));
    Path zip = writeZip(temp.resolve("t.zip"), "tiny-imagenet-200/");
    DataException e = assertThrows(DataException.class, () -> load(zip));
    assertEquals(zip + " entry tiny-imagenet-200/val/val_annotations.txt line 8: wnid "
        + "n00000001 of val_3.JPEG is not in " + zip + " entry tiny-imagenet-200/wnids.txt",
        e.getMessage());

    Path notZip = Files.writeString(temp.resolve("fake.zip"), "not a zip");
    e = assertThrows(DataException.class, () -> load(notZip));
    assertTrue(e.getMessage().startsWith("cannot open " + notZip + " as a zip archive"),
        e.getMessage());
  }

  @Test
  void brokenWnidsAndMissingPartsAreReported() throws IOException {
    Path root = temp.resolve("tiny-imagenet-200");
    put("wnids.txt", String.join("\n", WNIDS) + "\n" + WNIDS.get(1) + "\n");
    writeFolder(root);
    DataException e = assertThrows(DataException.class, () -> load(root));
    assertEquals(root.resolve("wnids.txt") + " line 4: n01443537 is listed twice (first on "
        + "line 2)", e.getMessage());

    put("wnids.txt", String.join("\n", WNIDS) + "\nn07777777\n");
    writeFolder(root);
    e = assertThrows(DataException.class, () -> load(root));
    assertEquals("missing train folder " + root.resolve("train/n07777777") + ": "
        + root.resolve("wnids.txt") + " line 4 lists n07777777", e.getMessage());

    put("wnids.txt", String.join("\n", WNIDS) + "\n");
    writeFolder(root);
    Files.delete(root.resolve("val/val_annotations.txt"));
    e = assertThrows(DataException.class, () -> load(root));
    assertTrue(e.getMessage().startsWith(
        "missing " + root.resolve("val/val_annotations.txt") + " (the validation labels)"),
        e.getMessage());

    Path corrupt = root.resolve("train/n01443537/images/n01443537_2.JPEG");
    writeFolder(root);
    Files.write(corrupt, Arrays.copyOf(Files.readAllBytes(corrupt), 3));
    e = assertThrows(DataException.class, () -> load(root));
    assertTrue(e.getMessage().startsWith("cannot decode image " + corrupt), e.getMessage());

    e = assertThrows(DataException.class, () -> load(temp.resolve("cache-less")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  private Dataset load(Path source) {
    return TinyImageNetLoader.load(source, 8, temp.resolve("cache"));
  }

  @Test
  void theCacheIsUsedUntilTheSourceChanges() throws IOException {
    Path zip = writeZip(temp.resolve("tiny-imagenet-200.zip"), "tiny-imagenet-200/");
    Path cache = temp.resolve("zcache");
    Dataset first = TinyImageNetLoader.load(zip, 8, cache);
    assertTrue(Files.exists(cache.resolve("tiny-imagenet-train-8.u8")));
    FileTime time = Files.getLastModifiedTime(zip);
    byte[] garbage = new byte[(int) Files.size(zip)];
    Files.write(zip, garbage);
    Files.setLastModifiedTime(zip, time);
    Dataset second = TinyImageNetLoader.load(zip, 8, cache);
    assertEquals(first.identity(), second.identity());
    assertArrayEquals(first.test().pixels(), second.test().pixels());
    assertEquals(first.classNames(), second.classNames());
    Files.setLastModifiedTime(zip, FileTime.fromMillis(time.toMillis() + 2000));
    assertThrows(DataException.class, () -> TinyImageNetLoader.load(zip, 8, cache));

    Path root = writeFolder(temp.resolve("tiny-imagenet-200"));
    Path folderCache = temp.resolve("fcache");
    TinyImageNetLoader.load(root, 8, folderCache);
    TinyImageNetLoader.load(root, 8, folderCache);
    tree.put("train/n09999999/images/n09999999_11.JPEG", jpeg(constant(16, 0x00FF00)));
    writeFolder(root);
    Dataset grown = TinyImageNetLoader.load(root, 8, folderCache);
    assertEquals(13, grown.train().size());
    assertColor(grown.train(), 12, 0x00FF00);
  }

  @Test
  void naturalOrderComparesDigitRunsAsNumbers() {
    List<String> names = new ArrayList<>(List.of("val_10", "val_2", "val_1", "val_02", "a",
        "val_", "val_100", "b1"));
    names.sort(TinyImageNetListing::natural);
    assertEquals(List.of("a", "b1", "val_", "val_1", "val_02", "val_2", "val_10", "val_100"),
        names);
  }
}
