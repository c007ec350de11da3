package io.kdas.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.runtime.data.fetch.TestArchives;
import io.kdas.runtime.data.fetch.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kdas data fetch} end to end against a local HTTP server. */
class DataCommandTest {

  private static final byte[] CIFAR = TestArchives.cifar10TarGz();

  @TempDir Path temp;

  private static CliOutcome kdas(String... args) {
    return CliOutcome.kdas(args);
  }

  private Path dir() {
    return temp.resolve("data");
  }

  @Test
  void fetchesThenIsANoOp() throws Exception {
    try (TestServer server = TestServer.serving("cifar-10-binary.tar.gz", CIFAR)) {
      CliOutcome r = kdas("data", "fetch", "cifar10", "--dir", dir().toString(), "--url",
          server.url().toString(), "--sha256", TestArchives.sha256(CIFAR));
      assertEquals(0, r.code(), r.err());
      Path data = dir().toAbsolutePath().resolve("cifar-10-batches-bin");
      assertTrue(r.out().contains("cifar10: downloaded, verified (sha256 "), r.out());
      assertTrue(r.out().contains("data { cifar10 { path: \"" + data + "\" } }"), r.out());
      assertTrue(Files.isRegularFile(data.resolve("data_batch_5.bin")));
      assertEquals(1, server.requests());

      CliOutcome again = kdas("data", "fetch", "cifar10", "--dir", dir().toString(), "--url",
          server.url().toString(), "--sha256", TestArchives.sha256(CIFAR));
      assertEquals(0, again.code(), again.err());
      assertTrue(again.out().startsWith("cifar10: already in " + dir() + " (verified)\n"),
          again.out());
      assertTrue(again.out().contains("data { cifar10 { path: \"" + data + "\" } }"),
          again.out());
      assertEquals(1, server.requests(), "no request on the second run");
    }
  }

  @Test
  void checkLoadsTheData() throws Exception {
    try (TestServer server = TestServer.serving("cifar-10-binary.tar.gz", CIFAR)) {
      CliOutcome r = kdas("data", "fetch", "cifar10", "--dir", dir().toString(), "--url",
          server.url().toString(), "--md5", TestArchives.md5(CIFAR), "--check", "--cache-dir",
          temp.resolve("cache").toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("cifar10: check passed: 10 classes, 10 training and 2 test "
          + "images of 32x32"), r.out());
    }
  }

  @Test
  void fetchesTinyImageNetAndChecksIt() throws Exception {
    byte[] zip = TestArchives.tinyImageNetZip();
    try (TestServer server = TestServer.serving("tiny-imagenet-200.zip", zip)) {
      CliOutcome r = kdas("data", "fetch", "tinyimagenet", "--dir", dir().toString(), "--url",
          server.url().toString(), "--md5", TestArchives.md5(zip), "--check", "--cache-dir",
          temp.resolve("cache").toString());
      assertEquals(0, r.code(), r.err());
      Path data = dir().toAbsolutePath().resolve("tiny-imagenet-200");
      assertTrue(r.out().contains("tinyimagenet: check passed: 2 classes, 4 training and 3 "
          + "test images of 64x64"), r.out());
      assertTrue(r.out().contains("data { tiny_imagenet { path: \"" + data + "\" } }"),
          r.out());
    }
  }

  @Test
  void notFoundIsOneLineAndExitTwo() throws Exception {
    try (TestServer server = TestServer.serving("cifar-10-binary.tar.gz", CIFAR).status(404)) {
      CliOutcome r = kdas("data", "fetch", "cifar10", "--dir", dir().toString(), "--url",
          server.url().toString());
      assertEquals(2, r.code(), r.err());
      assertEquals(List.of("kdas: error: cannot download " + server.url()
          + ": HTTP 404 Not Found"), r.errors(), r.err());
      assertFalse(r.err().contains("\tat "), r.err());
    }
  }

  @Test
  void connectionRefusedIsExitTwo() throws Exception {
    int port;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/cifar-100-binary.tar.gz";
    CliOutcome r = kdas("data", "fetch", "cifar100", "--dir", dir().toString(), "--url", url);
    assertEquals(2, r.code(), r.err());
    assertEquals(List.of("kdas: error: cannot download " + url + ": connection refused"),
        r.errors(), r.err());
  }

  @Test
  void aCorruptDownloadIsDeleted() throws Exception {
    String wrong = "c32a1d4ab5d03f1284b67883e8d87530";
    try (TestServer server = TestServer.serving("cifar-10-binary.tar.gz", CIFAR)) {
      CliOutcome r = kdas("data", "fetch", "cifar10", "--dir", dir().toString(), "--url",
          server.url().toString());
      assertEquals(2, r.code(), r.err());
      assertEquals(List.of("kdas: error: " + dir().resolve("cifar-10-binary.tar.gz") + ": md5 "
          + TestArchives.md5(CIFAR) + " does not match the expected " + wrong
          + "; the download is corrupt (deleted), run the command again"), r.errors(), r.err());
      assertFalse(Files.exists(dir().resolve("cifar-10-binary.tar.gz.part")));
      assertFalse(Files.exists(dir().resolve("cifar-10-batches-bin")));
    }
  }

  @Test
  void aMaliciousArchiveIsRefused() throws Exception {
    byte[] evil = new io.kdas.runtime.data.archive.TarWriter().file("../evil.txt", "gotcha").gz();
    try (TestServer server = TestServer.serving("cifar-10-binary.tar.gz", evil)) {
      CliOutcome r = kdas("data", "fetch", "cifar10", "--dir", dir().toString(), "--url",
          server.url().toString(), "--sha256", TestArchives.sha256(evil));
      assertEquals(2, r.code(), r.err());
      assertEquals(1, r.errors().size(), r.err());
      assertTrue(r.errors().get(0).startsWith("kdas: error: refusing archive entry ../evil.txt"
          + " of " + dir().resolve("cifar-10-binary.tar.gz")), r.err());
      assertFalse(Files.exists(temp.resolve("evil.txt")));
    }
  }

  @Test
  void usageMistakesAreExitTwo() {
    CliOutcome unknown = kdas("data", "fetch", "mnist", "--dir", dir().toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unknown data set 'mnist': expected one of cifar10, "
        + "cifar100, tinyimagenet"), unknown.err());

    CliOutcome both = kdas("data", "fetch", "cifar10", "--dir", dir().toString(), "--md5",
        "0".repeat(32), "--sha256", "0".repeat(64));
    assertEquals(2, both.code(), both.err());
    assertTrue(both.err().contains("mutually exclusive"), both.err());

    CliOutcome badHex = kdas("data", "fetch", "cifar10", "--dir", dir().toString(), "--md5", "xyz");
    assertEquals(2, badHex.code(), badHex.err());
    assertTrue(badHex.err().contains("--md5: 'xyz' is not a md5 checksum"), badHex.err());

    CliOutcome badUrl = kdas("data", "fetch", "cifar10", "--dir", dir().toString(), "--url",
        "ftp://example.invalid/x");
    assertEquals(2, badUrl.code(), badUrl.err());
    assertTrue(badUrl.err().contains("expected an http:// or https:// URL"), badUrl.err());

    CliOutcome noDir = kdas("data", "fetch", "cifar10");
    assertEquals(2, noDir.code(), noDir.err());
    assertFalse(Files.exists(dir()), "nothing created by a usage mistake");
  }

  @Test
  void helpListsTheDataSets() {
    CliOutcome r = kdas("data", "fetch", "--help");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("cifar10, cifar100, tinyimagenet"), r.out());
  }
}
