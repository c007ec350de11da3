package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageRules;
import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.TestImages;
import io.kdas.runtime.data.cache.CacheTampering;
import io.kdas.runtime.data.cache.Fingerprint;
import io.kdas.runtime.data.cache.SplitCache;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads a tiny class-per-folder tree written by the test: three classes, PNG and JPEG files,
 * images of other sizes, a grayscale image and names with upper-case extensions.
 */
class ImageFolderLoaderTest {

  @TempDir Path temp;
  private Path root;
  private Path cache;
  /** The exact RGB pixels of train/ant/a0.png, the first training example. */
  private BufferedImage antPng;

  @BeforeEach
  void writeTree() throws IOException {
    root = temp.resolve("data");
    cache = temp.resolve("cache");
    antPng = randomImage(32, 32, 1);
    write(antPng, "png", "train/ant/a0.png");
    write(randomImage(32, 32, 2), "png", "train/ant/a1.PNG");
    write(constant(48, 40, 0x204080), "png", "train/bee/b0.png");
    write(randomImage(32, 32, 3), "jpg", "train/bee/b1.jpg");
    write(grayscale(32, 32, 100), "png", "train/cat/c0.png");
    write(randomImage(20, 20, 4), "jpeg", "train/cat/c1.JPEG");
    Files.writeString(root.resolve("train/cat/notes.txt"), "not an image");
    write(randomImage(32, 32, 5), "png", "test/ant/t0.png");
    write(randomImage(32, 32, 6), "jpg", "test/bee/t1.jpg");
    write(constant(16, 16, 0xFF0000), "png", "test/cat/t2.png");
  }

  private void write(BufferedImage image, String format, String relative) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    assertTrue(ImageIO.write(image, format, file.toFile()), "no writer for " + format);
  }

  private static BufferedImage randomImage(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  private static BufferedImage constant(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  private static BufferedImage grayscale(int width, int height, int value) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
    Arrays.fill(data, (byte) value);
    return image;
  }

  private Dataset load() {
    return ImageFolderLoader.load(root, "train", "test", 32, cache);
  }

  private static void assertConstant(ImageSplit split, int example, int r, int g, int b) {
    for (int y = 0; y < split.height(); y++) {
      for (int x = 0; x < split.width(); x++) {
        assertEquals(r, TestImages.pixel(split, example, y, x, 0), "R at " + y + "," + x);
        assertEquals(g, TestImages.pixel(split, example, y, x, 1), "G at " + y + "," + x);
        assertEquals(b, TestImages.pixel(split, example, y, x, 2), "B at " + y + "," + x);
      }
    }
  }

  @Test
  void loadsClassesLabelsAndPixels() {
    Dataset dataset = load();
    assertEquals(List.of("ant", "bee", "cat"), dataset.classNames());
    assertEquals(6, dataset.train().size());
    assertEquals(3, dataset.test().size());
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, dataset.train().labels());
    assertArrayEquals(new int[] {0, 1, 2}, dataset.test().labels());
    assertEquals(32, dataset.train().height());
    assertEquals(32, dataset.train().width());
    assertTrue(dataset.identity().startsWith("image-folder(" + root.toAbsolutePath() + ")#"),
        dataset.identity());
    // PNG is lossless: example 0 is train/ant/a0.png byte for byte.
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        int rgb = antPng.getRGB(x, y);
        assertEquals((rgb >> 16) & 0xFF, TestImages.pixel(dataset.train(), 0, y, x, 0));
        assertEquals((rgb >> 8) & 0xFF, TestImages.pixel(dataset.train(), 0, y, x, 1));
        assertEquals(rgb & 0xFF, TestImages.pixel(dataset.train(), 0, y, x, 2));
      }
    }
    // 48x40 and 16x16 constant images stay constant when resized to 32x32.
    assertConstant(dataset.train(), 2, 0x20, 0x40, 0x80);
    assertConstant(dataset.test(), 2, 0xFF, 0, 0);
    // A grayscale PNG becomes R = G = B = its gray value (not gamma-converted).
    assertConstant(dataset.train(), 4, 100, 100, 100);
  }

  @Test
  void identityDependsOnContentNotOnFileTimes() throws IOException {
    String identity = load().identity();
    Path a0 = root.resolve("train/ant/a0.png");
    Files.setLastModifiedTime(a0, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
    assertEquals(identity, load().identity());
    write(randomImage(32, 32, 9), "png", "train/ant/a2.png");
    assertNotEquals(identity, load().identity());
  }

  @Test
  void writesTheCacheAndReadsItBack() throws IOException {
    Dataset first = load();
    Path trainCache = cache.resolve("train-32.u8");
    assertTrue(Files.exists(trainCache));
    assertTrue(Files.exists(cache.resolve("test-32.u8")));
    assertEquals(List.of("ant", "bee", "cat"), Files.readAllLines(cache.resolve("classes.txt")));
    assertEquals(
        SplitCache.HEADER_BYTES + 6 * 4 + 6 * 32 * 32 * 3 + SplitCache.TRAILER_BYTES,
        Files.size(trainCache));
    // Change the last pixel byte inside the cache (and its checksum): the next load must return
    // it, which proves that it read the cache instead of decoding the images.
    byte original = first.train().pixels()[first.train().pixels().length - 1];
    CacheTampering.xorLastPixel(trainCache, 0x55);
    Dataset second = load();
    byte[] pixels = second.train().pixels();
    assertEquals((byte) (original ^ 0x55), pixels[pixels.length - 1]);
    assertArrayEquals(first.train().labels(), second.train().labels());
    assertArrayEquals(first.test().pixels(), second.test().pixels());
  }

  @Test
  void rebuildsATruncatedOrForeignCache() throws IOException {
    Dataset first = load();
    Path trainCache = cache.resolve("train-32.u8");
    long length = Files.size(trainCache);
    try (FileChannel channel = FileChannel.open(trainCache, StandardOpenOption.WRITE)) {
      channel.truncate(length - 100);
    }
    assertArrayEquals(first.train().pixels(), load().train().pixels());
    assertEquals(length, Files.size(trainCache), "the cache should have been rewritten");

    byte[] foreign = new byte[(int) length]; // the right length, but not a KDAS cache
    Arrays.fill(foreign, (byte) 'x');
    Files.write(trainCache, foreign);
    assertArrayEquals(first.train().pixels(), load().train().pixels());
    assertEquals(length, Files.size(trainCache));

    // One pixel bit flipped on disk: same length and header, caught by the checksum.
    byte[] good = Files.readAllBytes(trainCache);
    byte[] flipped = good.clone();
    flipped[(int) length - 200] ^= 1;
    Files.write(trainCache, flipped);
    assertArrayEquals(first.train().pixels(), load().train().pixels());
    assertArrayEquals(good, Files.readAllBytes(trainCache), "rewritten from the images");
  }

  @Test
  void aChangedSourceInvalidatesTheCache() throws IOException {
    load();
    write(constant(32, 32, 0x00FF00), "png", "train/bee/b2.png");
    Dataset dataset = load();
    assertEquals(7, dataset.train().size());
    assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2, 2}, dataset.train().labels());
    assertConstant(dataset.train(), 4, 0, 0xFF, 0);
    assertEquals(
        SplitCache.HEADER_BYTES + 7 * 4 + 7 * 32 * 32 * 3 + SplitCache.TRAILER_BYTES,
        Files.size(cache.resolve("train-32.u8")));
  }

  @Test
  void resizesToTheRequestedSizeWithItsOwnCache() {
    Dataset small = ImageFolderLoader.load(root, "train", "test", 8, cache);
    assertEquals(8, small.train().height());
    assertConstant(small.train(), 2, 0x20, 0x40, 0x80);
    assertTrue(Files.exists(cache.resolve("train-8.u8")));
    // Downscaling averages: the 8x8 version of a random image is much smoother.
    Dataset full = load();
    assertTrue(variance(small.train(), 0) < variance(full.train(), 0) / 2);
  }

  private static double variance(ImageSplit split, int example) {
    int n = split.pixelsPerImage();
    double sum = 0;
    double squares = 0;
    for (int j = 0; j < n; j++) {
      double v = split.pixels()[example * n + j] & 0xFF;
      sum += v;
      squares += v * v;
    }
    return squares / n - (sum / n) * (sum / n);
  }

  @Test
  void fallsBackToATemporaryCacheWhenTheCacheFolderCannotBeCreated() throws IOException {
    Path blocker = temp.resolve("blocker");
    Files.writeString(blocker, "a file, so no folder can be created below it");
    Path fallback =
        Path.of(System.getProperty("java.io.tmpdir"), "kdas-cache",
            Fingerprint.shortHash(root.toAbsolutePath().normalize().toString(), 16));
    try {
      Dataset dataset = ImageFolderLoader.load(root, "train", "test", 32, blocker.resolve("c"));
      assertEquals(6, dataset.train().size());
      assertTrue(Files.exists(fallback.resolve("train-32.u8")), "no cache in " + fallback);
    } finally {
      for (String name : List.of("train-32.u8", "test-32.u8", "classes.txt")) {
        Files.deleteIfExists(fallback.resolve(name));
      }
      Files.deleteIfExists(fallback);
    }
  }

  @Test
  void aCorruptImageIsReportedWithItsPath() throws IOException {
    Path bad = root.resolve("train/bee/b9.jpg");
    Files.write(bad, "this is not a JPEG".getBytes());
    DataException e = assertThrows(DataException.class, this::load);
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a JPEG or PNG"), e.getMessage());
    Files.delete(bad);

    Path broken = root.resolve("train/bee/b8.png");
    byte[] png = Files.readAllBytes(root.resolve("train/bee/b0.png"));
    Files.write(broken, Arrays.copyOf(png, 40)); // a PNG signature and a cut-off header
    e = assertThrows(DataException.class, this::load);
    assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
  }

  @Test
  void aTruncatedJpegIsAnErrorOrSkippedWhenAsked() throws IOException {
    // A JPEG cut in its scan data: ImageIO only warns and returns a partly gray image.
    Path cut = root.resolve("train/bee/b7.jpg");
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(randomImage(32, 32, 9), "jpg", jpeg);
    Files.write(cut, Arrays.copyOf(jpeg.toByteArray(), jpeg.size() * 2 / 3));
    DataException e = assertThrows(DataException.class, this::load);
    assertTrue(e.getMessage().startsWith("cannot decode image " + cut + ": corrupt or truncated "
        + "JPEG"), e.getMessage());

    Dataset skipped = ImageFolderLoader.load(root, "train", "test", 32, cache,
        new ImageRules(ImageRules.DEFAULT.maxPixels(), true));
    assertEquals(6, skipped.train().size(), "the 7th training image is skipped");
    assertConstant(skipped.train(), 2, 0x20, 0x40, 0x80); // bee/b0 keeps its label and pixels
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, skipped.train().labels());
    assertConstant(skipped.train(), 4, 100, 100, 100); // cat/c0 moved up into b7's place
    assertThrows(DataException.class, this::load, "the skipped split was not cached");
  }

  @Test
  void anImageLargerThanTheLimitIsRefusedFromItsHeader() throws IOException {
    // A PNG whose header claims 100,000 x 100,000 pixels (40 GB decoded) and holds no data.
    Path bomb = root.resolve("train/cat/huge.png");
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(randomImage(8, 8, 1), "png", png);
    byte[] bytes = png.toByteArray();
    java.nio.ByteBuffer.wrap(bytes).putInt(16, 100_000).putInt(20, 100_000);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes, 12, 17); // the IHDR chunk's type and data
    java.nio.ByteBuffer.wrap(bytes).putInt(29, (int) crc.getValue());
    Files.write(bomb, bytes);
    DataException e = assertThrows(DataException.class, () -> ImageFolderLoader.load(root,
        "train", "test", 32, cache, new ImageRules(ImageRules.DEFAULT.maxPixels(), true)));
    assertEquals("image " + bomb + " is 100000x100000 = 10000000000 pixels, more than "
        + "data.max_image_pixels (40000000); resize it or raise the limit", e.getMessage());
  }

  @Test
  void aMissingTestClassFolderIsReported() throws IOException {
    Path catTest = root.resolve("test/cat");
    try (var files = Files.list(catTest)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(catTest);
    DataException e = assertThrows(DataException.class, this::load);
    assertTrue(e.getMessage().contains(catTest.toString()), e.getMessage());
  }

  @Test
  void missingFoldersAndEmptyClassesAreReported() throws IOException {
    DataException e =
        assertThrows(
            DataException.class,
            () -> ImageFolderLoader.load(temp.resolve("nowhere"), "train", "test", 32, cache));
    assertTrue(e.getMessage().contains(temp.resolve("nowhere").toString()), e.getMessage());

    e = assertThrows(
        DataException.class, () -> ImageFolderLoader.load(root, "train", "val", 32, cache));
    assertTrue(e.getMessage().contains(root.resolve("val").toString()), e.getMessage());

    Files.createDirectories(root.resolve("train/dog"));
    Files.createDirectories(root.resolve("test/dog"));
    e = assertThrows(DataException.class, this::load);
    assertTrue(e.getMessage().contains(root.resolve("train/dog").toString()), e.getMessage());

    Files.delete(root.resolve("train/dog"));
    e = assertThrows(DataException.class, this::load);
    assertTrue(e.getMessage().contains(root.resolve("test/dog").toString()), e.getMessage());
  }
}
