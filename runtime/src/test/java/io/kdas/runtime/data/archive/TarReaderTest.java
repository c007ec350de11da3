package io.kdas.runtime.data.archive;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.source.ImageFolderLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reads archives written by {@link TarWriter} and by the system's tar. */
class TarReaderTest {

  @TempDir Path temp;

  private static byte[] bytes(int n, int seed) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) (i * 31 + seed);
    }
    return bytes;
  }

  /** Every member's name mapped to its content (folders to null), reading every other one. */
  private static Map<String, byte[]> readAll(Path archive) {
    Map<String, byte[]> members = new LinkedHashMap<>();
    try (TarReader tar = TarReader.open(archive)) {
      for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
        members.put(entry.name(), entry.isDirectory() ? null : tar.readContent());
      }
    }
    return members;
  }

  @Test
  void readsFilesAndFoldersAndSkipsUnreadContent() throws IOException {
    Path archive = new TarWriter()
        .dir("data")
        .file("data/empty", new byte[0])
        .file("data/one", bytes(1, 1))
        .file("data/block", bytes(512, 2))
        .file("data/more", bytes(513, 3))
        .file("data/last", bytes(2000, 4))
        .write(temp.resolve("a.tar"));
    Map<String, byte[]> members = readAll(archive);
    assertEquals(List.of("data/", "data/empty", "data/one", "data/block", "data/more",
        "data/last"), new ArrayList<>(members.keySet()));
    assertArrayEquals(bytes(513, 3), members.get("data/more"));
    assertArrayEquals(bytes(2000, 4), members.get("data/last"));

    // Reading only some members (and part of one) must still find the others.
    try (TarReader tar = TarReader.open(archive)) {
      assertTrue(tar.next().isDirectory());
      assertEquals("data/empty", tar.next().name());
      assertEquals("data/one", tar.next().name());
      TarEntry block = tar.next();
      assertEquals(512, block.size());
      assertEquals(2, tar.content().read(new byte[2]));
      assertEquals("data/more", tar.next().name());
      TarEntry last = tar.next();
      assertArrayEquals(bytes(2000, 4), tar.content().readAllBytes());
      assertEquals("data/last", last.name());
      assertNull(tar.next());
      assertNull(tar.next());
    }
  }

  @Test
  void appliesGnuLongNamesPaxPathsAndTheUstarPrefix() throws IOException {
    String longName = "train/" + "x".repeat(120) + "/0001.jpg";
    Path gnu = new TarWriter().file(longName, bytes(10, 5)).write(temp.resolve("gnu.tar"));
    assertArrayEquals(bytes(10, 5), readAll(gnu).get(longName));
    Path pax = new TarWriter().paxNames().file(longName, bytes(10, 6))
        .write(temp.resolve("pax.tar"));
    assertArrayEquals(bytes(10, 6), readAll(pax).get(longName));

    // A ustar prefix: name "0001.jpg", prefix "train/cat" (patched into a plain header).
    byte[] tar = new TarWriter().file("0001.jpg", bytes(3, 7)).bytes();
    byte[] prefix = "train/cat".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, tar, 345, prefix.length);
    fixChecksum(tar, 0);
    Path ustar = TarWriter.write(temp.resolve("ustar.tar"), tar);
    assertArrayEquals(bytes(3, 7), readAll(ustar).get("train/cat/0001.jpg"));
  }

  private static void fixChecksum(byte[] tar, int offset) {
    Arrays.fill(tar, offset + 148, offset + 156, (byte) ' ');
    int sum = 0;
    for (int i = offset; i < offset + 512; i++) {
      sum += tar[i] & 0xFF;
    }
    byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(field, 0, tar, offset + 148, 8);
  }

  @Test
  void recognizesGzipByItsMagicBytes() throws IOException {
    byte[] tar = new TarWriter().file("a.txt", "hello").bytes();
    Path misnamed = temp.resolve("really-gzip.tar");
    Files.write(misnamed, TarWriter.gzip(tar));
    assertEquals("hello", new String(readAll(misnamed).get("a.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void longAndPaxNamesAreReportedExactlyAsStored() throws IOException {
    // Commons Compress strips a leading '/' from these; the checks of ArchivePaths must see it.
    String deep = "/abs/" + "d".repeat(120) + "/x.jpg";
    Path gnu = TarWriter.write(temp.resolve("gnu.tar"), new TarWriter().file(deep, "a")
        .file("b" + "e".repeat(110) + "/y.jpg", "b").bytes());
    Path pax = TarWriter.write(temp.resolve("pax.tar"), new TarWriter().paxNames()
        .file(deep, "a").bytes());
    for (Path archive : List.of(gnu, pax)) {
      try (TarReader tar = TarReader.open(archive)) {
        TarEntry entry = tar.next();
        assertEquals(deep, entry.name(), archive.toString());
        assertEquals(1, entry.size());
        assertEquals("a", new String(tar.readContent(), StandardCharsets.UTF_8));
      }
    }
    DataException e = assertThrows(DataException.class, () -> ImageFolderLoader.load(pax,
        "train", "test", 32, temp.resolve("cache")));
    assertTrue(e.getMessage().contains(deep), e.getMessage());
  }

  @Test
  void reportsTruncationWithTheEntry() throws IOException {
    byte[] tar = new TarWriter()
        .file("train/cat/0041.jpg", bytes(700, 1))
        .file("train/cat/0042.jpg", bytes(3000, 2))
        .bytes();
    // Cut inside the content of the second member (its header is at 512 + 1024).
    Path cut =
        TarWriter.write(temp.resolve("cut.tar"), Arrays.copyOf(tar, 512 + 1024 + 512 + 1000));
    DataException e = assertThrows(DataException.class, () -> readAll(cut));
    assertEquals("archive " + cut + " is truncated at entry train/cat/0042.jpg", e.getMessage());

    Path cutGz = temp.resolve("cut.tar.gz");
    byte[] gz = TarWriter.gzip(tar);
    Files.write(cutGz, Arrays.copyOf(gz, gz.length - 20));
    e = assertThrows(DataException.class, () -> readAll(cutGz));
    assertTrue(e.getMessage().startsWith("archive " + cutGz + " is truncated"), e.getMessage());

    // Cut exactly after a member: no end-of-archive block.
    Path noEnd = TarWriter.write(temp.resolve("noend.tar"),
        new TarWriter().file("train/cat/0041.jpg", bytes(700, 1)).bytesWithoutEnd());
    e = assertThrows(DataException.class, () -> readAll(noEnd));
    assertTrue(e.getMessage().contains("truncated after entry train/cat/0041.jpg"),
        e.getMessage());
  }

  @Test
  void reportsFilesThatAreNotTarArchives() throws IOException {
    Path empty = Files.write(temp.resolve("empty.tar"), new byte[0]);
    DataException e = assertThrows(DataException.class, () -> readAll(empty));
    assertEquals("archive " + empty + " is empty: expected a tar archive", e.getMessage());

    Path text = Files.write(temp.resolve("text.tar"), "x".repeat(2000).getBytes());
    e = assertThrows(DataException.class, () -> readAll(text));
    assertTrue(e.getMessage().contains(text + " is not a tar archive"), e.getMessage());

    byte[] tar = new TarWriter().file("a.txt", "a").file("b.txt", "b").bytes();
    tar[1024 + 3] ^= 1; // the second header's name
    Path corrupt = TarWriter.write(temp.resolve("corrupt.tar"), tar);
    e = assertThrows(DataException.class, () -> readAll(corrupt));
    assertTrue(e.getMessage().contains("bad header checksum after entry a.txt"),
        e.getMessage());
  }

  @Test
  void readsWhatTheSystemTarWrites() throws IOException, InterruptedException {
    Path tree = temp.resolve("tree");
    String longDir = "d".repeat(110);
    Files.createDirectories(tree.resolve("top/train/cat"));
    Files.createDirectories(tree.resolve("top/" + longDir));
    Files.write(tree.resolve("top/train/cat/0001.jpg"), bytes(1500, 1));
    Files.write(tree.resolve("top/" + longDir + "/f.bin"), bytes(20, 2));
    for (String format : List.of("gnu", "pax", "ustar")) {
      Path archive = temp.resolve(format + ".tar.gz");
      List<String> command = List.of("tar", "--format=" + format, "-czf", archive.toString(),
          "-C", tree.toString(), "top/train", "top/" + longDir);
      Process tar;
      try {
        tar = new ProcessBuilder(command).redirectErrorStream(true).start();
      } catch (IOException e) {
        assumeTrue(false, "no tar command: " + e);
        return;
      }
      String output = new String(tar.getInputStream().readAllBytes());
      assertTrue(tar.waitFor(60, TimeUnit.SECONDS), "tar did not finish");
      if (format.equals("ustar")) {
        // ustar cannot store a 110-character folder name with a 5-character parent: skip it.
        continue;
      }
      assertEquals(0, tar.exitValue(), "tar failed: " + output);
      Map<String, byte[]> members = readAll(archive);
      assertArrayEquals(bytes(1500, 1), members.get("top/train/cat/0001.jpg"), format);
      assertArrayEquals(bytes(20, 2), members.get("top/" + longDir + "/f.bin"), format);
      assertTrue(members.containsKey("top/" + longDir + "/"), format + ": " + members.keySet());
    }
  }
}
