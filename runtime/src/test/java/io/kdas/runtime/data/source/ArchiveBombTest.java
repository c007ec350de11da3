package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.archive.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Archives that expand far beyond their size are refused in bounded memory, naming the entry. */
class ArchiveBombTest {

  private static final long GIB = 1L << 30;

  @TempDir Path dir;

  /**
   * A 9 MB tar.gz that expands to 9 GiB: nine 1 GiB "images" of zeros. Gzip members may be
   * concatenated, so one compressed 64 MiB run of zeros is written 16 times per image.
   */
  private Path bomb() throws IOException {
    Path file = dir.resolve("bomb.tar.gz");
    byte[] zeros = TarWriter.gzip(new byte[64 << 20]);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < 9; i++) {
        out.write(TarWriter.gzip(TarWriter.header("data/train/a/x" + i + ".jpg", '0', GIB, "")));
        for (int k = 0; k < 16; k++) {
          out.write(zeros);
        }
      }
      out.write(TarWriter.gzip(new byte[1024]));
    }
    return file;
  }

  @Test
  void aNineGigabyteExpansionFailsFastInHalfAGigabyteOfHeap() throws Exception {
    Path archive = bomb();
    assertTrue(Files.size(archive) < 16 << 20, "a small file: " + Files.size(archive));
    Path spec = dir.resolve("bomb.textproto");
    Files.writeString(spec, """
        name: "bomb"
        data { image_folder { path: "%s" cache_dir: "%s" } }
        student { name: "s" loss { name: "cross-entropy" } }
        """.formatted(archive, dir.resolve("cache")));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp",
        System.getProperty("java.class.path"), "io.kdas.runtime.cli.KdasCli", "run",
        spec.toString(), "--output", dir.resolve("runs").toString())
        .redirectErrorStream(true).start();
    long start = System.nanoTime();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(2, process.exitValue(), output);
    List<String> errors = output.lines().filter(l -> l.startsWith("kdas: error:")).toList();
    assertEquals(1, errors.size(), output);
    assertTrue(errors.get(0).contains("archive " + archive + " entry data/train/a/x0.jpg brings "
        + "its images to 1073741824 bytes, more than half the heap"), errors.get(0));
    assertFalse(output.contains("\tat "), "no stack trace: " + output);
    assertFalse(output.contains("OutOfMemoryError"), output);
    assertTrue(seconds < 60, "refused at the first entry's header: " + seconds + " s");
    assertFalse(Files.exists(dir.resolve("cache")) && Files.list(dir.resolve("cache"))
        .anyMatch(f -> f.toString().endsWith(".u8")), "no cache left behind");
  }

  @Test
  void aMemberLargerThanAnyDataSetFileIsRefusedFromItsHeader() throws IOException {
    Path archive = dir.resolve("huge.tar");
    Files.write(archive, TarWriter.header("data/README", '0', 3 * GIB, ""));
    DataException e = assertThrows(DataException.class,
        () -> ImageFolderLoader.load(archive, "train", "test", 32, dir.resolve("cache")));
    assertEquals("archive " + archive + " entry data/README is 3221225472 bytes, more than the "
        + "1073741824 any member of a data set may have: refused before it is expanded",
        e.getMessage());
  }
}
