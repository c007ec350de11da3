package io.kdas.runtime.data.archive;

import io.kdas.runtime.data.DataException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads zips as trees and refuses the hostile ones with a message naming the entry. */
class ZipTreeTest {

  @TempDir Path temp;

  @Test
  void listsImpliedFoldersAndReadsFiles() throws IOException {
    Path zip = zip("plain.zip", "top/a/x.txt", "hello", "top/b.txt", "bye");
    try (ZipTree tree = ZipTree.open(zip)) {
      assertTrue(tree.isDirectory("top"));
      assertTrue(tree.isDirectory("top/a"));
      assertTrue(tree.isFile("top/b.txt"));
      assertNull(tree.find("top/c"));
      assertEquals(List.of("a", "b.txt"),
          tree.list("top").stream().map(FileTree.Node::name).sorted().toList());
      assertEquals(5, tree.find("top/a/x.txt").size());
      assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), tree.read("top/a/x.txt"));
      assertEquals(zip + " entry top/b.txt", tree.describe("top/b.txt"));
    }
  }

  @Test
  void unsafeNamesAndLinksAreRefused() throws IOException {
    Path climbing = zip("climb.zip", "top/../../etc/passwd", "x");
    DataException e = assertThrows(DataException.class, () -> ZipTree.open(climbing));
    assertEquals("refusing archive entry top/../../etc/passwd of " + climbing
        + ": '..' leads outside the archive root", e.getMessage());

    Path link = temp.resolve("link.zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(link)) {
      ZipArchiveEntry entry = new ZipArchiveEntry("top/evil.JPEG");
      entry.setUnixMode(UnixStat.LINK_FLAG | 0777);
      out.putArchiveEntry(entry);
      out.write("/etc/shadow".getBytes(StandardCharsets.UTF_8));
      out.closeArchiveEntry();
    }
    e = assertThrows(DataException.class, () -> ZipTree.open(link));
    assertEquals("refusing archive entry top/evil.JPEG of " + link
        + ": a symbolic link, expected only files and folders", e.getMessage());

    Path twice = temp.resolve("twice.zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(twice)) {
      for (String text : List.of("first", "second")) {
        out.putArchiveEntry(new ZipArchiveEntry("top/a.txt"));
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeArchiveEntry();
      }
    }
    e = assertThrows(DataException.class, () -> ZipTree.open(twice));
    assertEquals("refusing archive entry top/a.txt of " + twice
        + ": the name top/a.txt is stored twice", e.getMessage());
  }

  @Test
  void sizesAreCheckedAgainstTheDeclarations() throws IOException {
    String text = "a".repeat(10_000);
    Path lying = zip("lying.zip", "top/a.txt", text);
    declareSize(lying, 100);
    try (ZipTree tree = ZipTree.open(lying)) {
      DataException e = assertThrows(DataException.class, () -> tree.read("top/a.txt"));
      assertEquals(lying + " entry top/a.txt inflates past the 100 bytes it declares: refused",
          e.getMessage());
    }

    Path huge = zip("huge.zip", "top/a.txt", text);
    declareSize(huge, 0xFFFF_FFF0L);
    DataException e = assertThrows(DataException.class, () -> ZipTree.open(huge));
    assertTrue(e.getMessage().startsWith("refusing archive entry top/a.txt of " + huge
        + ": it declares 4294967280 bytes, expected 0 to " + TarReader.MAX_MEMBER_BYTES),
        e.getMessage());

    Path notZip = Files.writeString(temp.resolve("fake.zip"), "not a zip");
    e = assertThrows(DataException.class, () -> ZipTree.open(notZip));
    assertTrue(e.getMessage().startsWith("cannot open " + notZip + " as a zip archive"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  private Path zip(String name, String... pathsAndTexts) throws IOException {
    Path zip = temp.resolve(name);
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (int i = 0; i < pathsAndTexts.length; i += 2) {
        out.putNextEntry(new ZipEntry(pathsAndTexts[i]));
        out.write(pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return zip;
  }

  /**
   * Rewrites the uncompressed size of the zip's only entry in its local header, data descriptor
   * and central directory record, as a forged archive would.
   */
  private static void declareSize(Path zip, long size) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at + 4 <= bytes.limit(); at++) {
      switch (bytes.getInt(at)) {
        case 0x04034b50 -> bytes.putInt(at + 22, (int) size);
        case 0x08074b50 -> bytes.putInt(at + 12, (int) size);
        case 0x02014b50 -> bytes.putInt(at + 24, (int) size);
        default -> { }
      }
    }
    Files.write(zip, bytes.array());
  }
}
