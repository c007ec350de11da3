package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.archive.TarWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads class-per-folder archives ({@code .tar.gz}, {@code .tgz}, {@code .tar}) through {@link
 * ImageFolderLoader}, checks them against the same tree unpacked in a folder, and checks the
 * refusal of unsafe, unexpected and truncated members and the archive cache.
 */
class ImageFolderArchiveTest {

  @TempDir Path temp;
  private Path cache;
  /** The members of the tree: path below the root to encoded image (or other file) bytes. */
  private final Map<String, byte[]> tree = new LinkedHashMap<>();

  @BeforeEach
  void makeTree() throws IOException {
    cache = temp.resolve("cache");
    tree.put("train/ant/a0.png", encode(randomImage(32, 32, 1), "png"));
    tree.put("train/ant/a1.PNG", encode(randomImage(32, 32, 2), "png"));
    tree.put("train/bee/b0.png", encode(constant(48, 40, 0x204080), "png"));
    tree.put("train/bee/b1.jpg", encode(randomImage(32, 32, 3), "jpg"));
    tree.put("train/cat/c0.png", encode(constant(32, 32, 0x646464), "png"));
    tree.put("train/cat/c1.JPEG", encode(randomImage(20, 20, 4), "jpeg"));
    tree.put("test/ant/t0.png", encode(randomImage(32, 32, 5), "png"));
    tree.put("test/bee/t1.jpg", encode(randomImage(32, 32, 6), "jpg"));
    tree.put("test/cat/t2.png", encode(constant(16, 16, 0xFF0000), "png"));
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
    return out.toByteArray();
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

  /** The tree as a tar with folder members, each path prefixed by {@code top}. */
  private TarWriter tar(String top) {
    TarWriter tar = new TarWriter();
    if (!top.isEmpty()) {
      tar.dir(top);
    }
    String lastFolder = "";
    for (Map.Entry<String, byte[]> member : tree.entrySet()) {
      String folder = member.getKey().substring(0, member.getKey().lastIndexOf('/'));
      if (!folder.equals(lastFolder)) {
        tar.dir(top + folder);
        lastFolder = folder;
      }
      tar.file(top + member.getKey(), member.getValue());
    }
    return tar;
  }

  private Path unpacked() throws IOException {
    Path root = temp.resolve("unpacked");
    for (Map.Entry<String, byte[]> member : tree.entrySet()) {
      Path file = root.resolve(member.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, member.getValue());
    }
    return root;
  }

  private Dataset load(Path root) {
    return ImageFolderLoader.load(root, "train", "test", 32, cache);
  }

  private static String hash(Dataset dataset) {
    return dataset.identity().substring(dataset.identity().lastIndexOf('#'));
  }

  @Test
  void anArchiveGivesExactlyWhatItsUnpackedFolderGives() throws IOException {
    Dataset folder = ImageFolderLoader.load(unpacked(), "train", "test", 32, temp.resolve("fc"));
    assertEquals(List.of("ant", "bee", "cat"), folder.classNames());
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, folder.train().labels());
    List<Path> archives = List.of(
        tar("").write(temp.resolve("plain.tar.gz")),
        tar("").write(temp.resolve("plain.tgz")),
        tar("").write(temp.resolve("plain.tar")),
        tar("cifar-like/").write(temp.resolve("top.tar.gz")),
        tar("./").write(temp.resolve("dot.tar")));
    for (Path archive : archives) {
      Dataset dataset = ImageFolderLoader.load(archive, "train", "test", 32,
          temp.resolve("cache-" + archive.getFileName()));
      String what = archive.getFileName().toString();
      assertEquals(folder.classNames(), dataset.classNames(), what);
      assertArrayEquals(folder.train().labels(), dataset.train().labels(), what);
      assertArrayEquals(folder.test().labels(), dataset.test().labels(), what);
      assertArrayEquals(folder.train().pixels(), dataset.train().pixels(), what);
      assertArrayEquals(folder.test().pixels(), dataset.test().pixels(), what);
      assertEquals("image-folder(" + archive + ")" + hash(folder), dataset.identity(), what);
    }
  }

  @Test
  void foldersReadmesAndStrayFilesInClassFoldersAreIgnored() throws IOException {
    Dataset expected = load(tar("").write(temp.resolve("clean.tar")));
    Path archive = tar("data/")
        .file("README.md", "about the data")
        .file("data/LICENSE", "CC-BY")
        .dir("data/extra/empty")
        .file("data/train/cat/notes.txt", "not an image")
        .file("data/.DS_Store", "finder junk")
        .file("data/train/ant/._a0.png", "a macOS resource fork")
        .dir("data/train/.ipynb_checkpoints")
        .write(temp.resolve("extras.tar"));
    Dataset dataset = ImageFolderLoader.load(archive, "train", "test", 32, temp.resolve("c2"));
    assertEquals(expected.classNames(), dataset.classNames());
    assertArrayEquals(expected.train().pixels(), dataset.train().pixels());
    assertEquals(hash(expected), hash(dataset));
  }

  @Test
  void unexpectedFilesAreReportedByName() throws IOException {
    Path stray = tar("").file("train/stray.png", tree.get("train/ant/a0.png"))
        .write(temp.resolve("stray.tar"));
    DataException e = assertThrows(DataException.class, () -> load(stray));
    assertEquals("unexpected entry train/stray.png in archive " + stray + ": expected "
        + "train/<class>/<image>, test/<class>/<image>, folders or a top-level README (all "
        + "optionally inside one top-level folder)", e.getMessage());

    Path val = tar("").file("val/ant/v0.png", tree.get("train/ant/a0.png"))
        .write(temp.resolve("val.tar"));
    e = assertThrows(DataException.class, () -> load(val));
    assertTrue(e.getMessage().startsWith("unexpected entry val/ant/v0.png in archive " + val),
        e.getMessage());

    Path deep = tar("").file("train/ant/more/a9.png", tree.get("train/ant/a0.png"))
        .write(temp.resolve("deep.tar"));
    e = assertThrows(DataException.class, () -> load(deep));
    assertTrue(e.getMessage().contains("unexpected entry train/ant/more/a9.png"),
        e.getMessage());

    Path outside = tar("data/").file("notes.txt", "a top-level file that is no README")
        .write(temp.resolve("outside.tar"));
    e = assertThrows(DataException.class, () -> load(outside));
    assertEquals("unexpected entry notes.txt in archive " + outside + ": expected everything "
        + "inside its top-level folder data", e.getMessage());

    Path twoTops = tar("data/").file("other/x.png", tree.get("train/ant/a0.png"))
        .write(temp.resolve("two.tar"));
    e = assertThrows(DataException.class, () -> load(twoTops));
    assertTrue(e.getMessage().startsWith("unexpected entry data/train/ant/a0.png in archive "
        + twoTops), e.getMessage());
  }

  @Test
  void refusesUnsafeEntries() throws IOException {
    Map<String, TarWriter> archives = new LinkedHashMap<>();
    archives.put("../evil.txt", tar("").file("../evil.txt", "overwrite me"));
    archives.put("train/../../evil.png", tar("").file("train/../../evil.png", "x"));
    archives.put("/etc/passwd", tar("").file("/etc/passwd", "root::0:0"));
    archives.put("train/ant/link.png", tar("").symlink("train/ant/link.png", "/etc/passwd"));
    archives.put("train/ant/hard.png", tar("").hardlink("train/ant/hard.png", "train/ant/a0.png"));
    archives.put("train/fifo", tar("").entry("train/fifo", '6', new byte[0], ""));
    int n = 0;
    for (Map.Entry<String, TarWriter> unsafe : archives.entrySet()) {
      Path archive = unsafe.getValue().write(temp.resolve("unsafe" + n++ + ".tar.gz"));
      DataException e = assertThrows(DataException.class, () -> load(archive));
      assertTrue(e.getMessage().startsWith(
          "refusing archive entry " + unsafe.getKey() + " of " + archive + ": "), e.getMessage());
    }
    Path evil = tar("").file("../evil.txt", "x").write(temp.resolve("evil.tar"));
    assertEquals("refusing archive entry ../evil.txt of " + evil
        + ": '..' leads outside the archive root",
        assertThrows(DataException.class, () -> load(evil)).getMessage());
    Path link = tar("").symlink("train/ant/link.png", "../../x").write(temp.resolve("l.tar"));
    assertEquals("refusing archive entry train/ant/link.png of " + link
        + ": a symbolic link to ../../x, expected only regular files and folders",
        assertThrows(DataException.class, () -> load(link)).getMessage());
  }

  @Test
  void truncatedArchivesAreReportedWithTheEntry() throws IOException {
    byte[] tar = tar("").bytes();
    // Find the header of train/bee/b0.png and cut inside its content.
    int header = indexOf(tar, "train/bee/b0.png".getBytes());
    Path cut = TarWriter.write(temp.resolve("cut.tar"), Arrays.copyOf(tar, header + 512 + 100));
    DataException e = assertThrows(DataException.class, () -> load(cut));
    assertEquals("archive " + cut + " is truncated at entry train/bee/b0.png", e.getMessage());

    byte[] gz = TarWriter.gzip(tar);
    Path cutGz = temp.resolve("cut.tar.gz");
    Files.write(cutGz, Arrays.copyOf(gz, gz.length / 2));
    e = assertThrows(DataException.class, () -> load(cutGz));
    assertTrue(e.getMessage().startsWith("archive " + cutGz + " is truncated at entry "),
        e.getMessage());
    assertFalse(Files.exists(cache.resolve("manifest-32.txt")), "a failed load cached nothing");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  @Test
  void classFoldersMustMatchAndHoldImages() throws IOException {
    tree.remove("test/cat/t2.png");
    Path missing = tar("").write(temp.resolve("missing.tar"));
    DataException e = assertThrows(DataException.class, () -> load(missing));
    assertEquals("missing class folder " + missing + " entry test/cat: expected the same class "
        + "folders as the training data (ant, bee, cat)", e.getMessage());

    Path extra = tar("").file("test/cat/t2.png", tree.get("test/ant/t0.png"))
        .file("test/dog/d.png", tree.get("test/ant/t0.png")).write(temp.resolve("extra.tar"));
    e = assertThrows(DataException.class, () -> load(extra));
    assertTrue(e.getMessage().startsWith("unexpected class folder " + extra + " entry test/dog"),
        e.getMessage());

    Path empty = tar("").file("test/cat/t2.png", tree.get("test/ant/t0.png"))
        .dir("train/dog").dir("test/dog").write(temp.resolve("empty.tar"));
    e = assertThrows(DataException.class, () -> load(empty));
    assertEquals("class folder " + empty + " entry train/dog has no images: expected *.jpg, "
        + "*.jpeg or *.png files", e.getMessage());

    Path noTest = new TarWriter().file("train/ant/a0.png", tree.get("train/ant/a0.png"))
        .write(temp.resolve("notest.tar"));
    e = assertThrows(DataException.class, () -> load(noTest));
    assertTrue(e.getMessage().contains("has no class folders in test"), e.getMessage());

    Path corrupt = new TarWriter().file("train/ant/a0.png", "not an image")
        .file("test/ant/t0.png", tree.get("test/ant/t0.png")).write(temp.resolve("bad.tar"));
    e = assertThrows(DataException.class, () -> load(corrupt));
    assertEquals("cannot decode image " + corrupt + " entry train/ant/a0.png: not a JPEG or PNG",
        e.getMessage());

    Path notArchive = Files.writeString(temp.resolve("data.txt"), "hello");
    e = assertThrows(DataException.class, () -> load(notArchive));
    assertTrue(e.getMessage().contains("is a file but not a .tar.gz, .tgz or .tar archive"),
        e.getMessage());
  }

  @Test
  void aValidCacheIsUsedWithoutReadingTheArchive() throws IOException {
    Path archive = tar("").write(temp.resolve("data.tar.gz"));
    Dataset first = load(archive);
    assertTrue(Files.exists(cache.resolve("train-32.u8")));
    assertTrue(Files.exists(cache.resolve("test-32.u8")));
    assertTrue(Files.exists(cache.resolve("manifest-32.txt")));
    assertEquals(List.of("ant", "bee", "cat"), Files.readAllLines(cache.resolve("classes.txt")));

    // Same size and time, unreadable content: only a load that never opens the archive passes.
    FileTime time = Files.getLastModifiedTime(archive);
    byte[] garbage = new byte[(int) Files.size(archive)];
    Arrays.fill(garbage, (byte) 'x');
    Files.write(archive, garbage);
    Files.setLastModifiedTime(archive, time);
    Dataset second = load(archive);
    assertEquals(first.identity(), second.identity());
    assertEquals(first.classNames(), second.classNames());
    assertArrayEquals(first.train().pixels(), second.train().pixels());
    assertArrayEquals(first.test().labels(), second.test().labels());

    // A new modification time makes the cache stale, so the (now broken) archive is read.
    Files.setLastModifiedTime(archive, FileTime.fromMillis(time.toMillis() + 2000));
    DataException e = assertThrows(DataException.class, () -> load(archive));
    assertTrue(e.getMessage().contains("is not a tar archive"), e.getMessage());
  }

  @Test
  void aChangedArchiveOrAPartialCacheIsNotTrusted() throws IOException {
    Path archive = tar("").write(temp.resolve("data.tar"));
    Dataset first = load(archive);
    tree.put("train/bee/b2.png", encode(constant(32, 32, 0x00FF00), "png"));
    tar("").write(archive);
    Files.setLastModifiedTime(archive,
        FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() + 2000));
    Dataset second = load(archive);
    assertEquals(7, second.train().size());
    assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2, 2}, second.train().labels());
    assertTrue(!first.identity().equals(second.identity()));

    Path trainCache = cache.resolve("train-32.u8");
    long length = Files.size(trainCache);
    Files.write(trainCache, Arrays.copyOf(Files.readAllBytes(trainCache), (int) length - 10));
    assertArrayEquals(second.train().pixels(), load(archive).train().pixels());
    assertEquals(length, Files.size(trainCache), "the partial cache should have been rewritten");

    Files.writeString(cache.resolve("manifest-32.txt"), "KDAS cache manifest 1\nfingerprint 0\n");
    assertArrayEquals(second.train().pixels(), load(archive).train().pixels());
    assertTrue(Files.readString(cache.resolve("manifest-32.txt")).contains("classes 3\n"));
  }

  @Test
  void theDefaultCacheFolderInsideAnArchiveMovesNextToIt() throws IOException {
    Path archive = tar("").write(temp.resolve("data.tgz"));
    ImageFolderLoader.load(archive, "train", "test", 32, archive.resolve(".kdas-cache"));
    assertTrue(Files.exists(temp.resolve("data.tgz.kdas-cache").resolve("train-32.u8")));
  }
}
