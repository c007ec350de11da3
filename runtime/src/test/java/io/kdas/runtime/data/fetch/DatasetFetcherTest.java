package io.kdas.runtime.data.fetch;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.archive.TarWriter;
import io.kdas.runtime.data.source.CifarBinaryLoader;
import io.kdas.runtime.data.source.TinyImageNetLoader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Download, resume, verify and unpack against a local HTTP server serving tiny archives. */
class DatasetFetcherTest {

  private static final byte[] CIFAR = TestArchives.cifar10TarGz();
  private static final String CIFAR_ARCHIVE = "cifar-10-binary.tar.gz";

  @TempDir Path temp;

  private static Downloader.Settings settings() {
    return new Downloader.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), 2,
        Duration.ZERO, Duration.ofSeconds(5));
  }

  private static DatasetFetcher fetcher(Downloader.Settings settings) {
    return new DatasetFetcher(new Downloader(settings));
  }

  private static DatasetSource cifar(URI url, byte[] archive) {
    return KnownSources.of("cifar10").withUrl(url)
        .withChecksum(Checksum.sha256(TestArchives.sha256(archive)));
  }

  private Path data() {
    return temp.resolve("data");
  }

  private void assertCifarUnpacked(Path dir) throws IOException {
    Path folder = dir.resolve("cifar-10-batches-bin");
    for (Map.Entry<String, byte[]> file : TestArchives.cifar10Files().entrySet()) {
      assertArrayEquals(file.getValue(), Files.readAllBytes(folder.resolve(file.getKey())),
          file.getKey());
    }
    assertTrue(Files.isRegularFile(dir.resolve(".cifar10.kdas-fetched")), "marker written");
    assertFalse(Files.exists(dir.resolve(CIFAR_ARCHIVE + ".part")), "no part file left");
    assertArrayEquals(CIFAR, Files.readAllBytes(dir.resolve(CIFAR_ARCHIVE)), "archive kept");
    try (Stream<Path> all = Files.walk(dir)) {
      assertTrue(all.noneMatch(p -> p.getFileName().toString().equals(Destination.TEMP_NAME)),
          "no temporary files left");
    }
  }

  @Test
  void downloadsVerifiesAndUnpacks() throws Exception {
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR)) {
      DatasetFetcher.Result result = fetcher(settings()).fetch(cifar(server.url(), CIFAR),
          data());
      assertFalse(result.alreadyPresent());
      assertTrue(result.downloaded());
      assertEquals(data().toAbsolutePath().resolve("cifar-10-batches-bin"), result.dataPath());
      assertCifarUnpacked(data());
      assertEquals(List.of(""), server.ranges(), "one plain request");
      Dataset dataset = CifarBinaryLoader.loadCifar10(result.dataPath(), temp.resolve("cache"));
      assertEquals(10, dataset.classes());
      assertEquals(5 * TestArchives.CIFAR_RECORDS, dataset.train().size());
      assertEquals(TestArchives.CIFAR_RECORDS, dataset.test().size());
    }
  }

  @Test
  void theKnownChecksumAppliesWithOnlyAnotherUrl() throws Exception {
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR)) {
      DatasetSource source = KnownSources.of("cifar10").withUrl(server.url());
      DataException e = assertThrows(DataException.class,
          () -> fetcher(settings()).fetch(source, data()));
      assertTrue(e.getMessage().contains("does not match the expected "
          + "c32a1d4ab5d03f1284b67883e8d87530"), e.getMessage());
    }
  }

  @Test
  void resumesABrokenTransferWithARangeRequest() throws Exception {
    int half = CIFAR.length / 2;
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR).dropAfter(half, 1)) {
      fetcher(settings()).fetch(cifar(server.url(), CIFAR), data());
      assertEquals(List.of("", "bytes=" + half + "-"), server.ranges());
      assertCifarUnpacked(data());
    }
  }

  @Test
  void keepsThePartFileAndResumesOnTheNextRun() throws Exception {
    int half = CIFAR.length / 2;
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR).dropAfter(half, 1)) {
      DataException e = assertThrows(DataException.class,
          () -> fetcher(settings().withRetries(0)).fetch(cifar(server.url(), CIFAR), data()));
      assertTrue(e.getMessage().startsWith("cannot download " + server.url() + ": "),
          e.getMessage());
      assertTrue(e.getMessage().contains("closed after " + half + " of " + CIFAR.length),
          e.getMessage());
      assertTrue(e.getMessage().contains("run the command again to resume"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
      Path part = data().resolve(CIFAR_ARCHIVE + ".part");
      assertEquals(half, Files.size(part), "what was received is kept");
      assertFalse(Files.exists(data().resolve("cifar-10-batches-bin")));

      fetcher(settings().withRetries(0)).fetch(cifar(server.url(), CIFAR), data());
      assertEquals(List.of("", "bytes=" + half + "-"), server.ranges());
      assertCifarUnpacked(data());
    }
  }

  @Test
  void startsOverWhenTheServerIgnoresRange() throws Exception {
    Files.createDirectories(data());
    byte[] junk = new byte[CIFAR.length / 2];
    Arrays.fill(junk, (byte) 0x5A);
    Files.write(data().resolve(CIFAR_ARCHIVE + ".part"), junk);
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR).ignoreRange()) {
      fetcher(settings()).fetch(cifar(server.url(), CIFAR), data());
      assertEquals(List.of("bytes=" + junk.length + "-"), server.ranges());
      assertCifarUnpacked(data());
    }
  }

  @Test
  void aCompletePartFileIsNotDownloadedAgain() throws Exception {
    Files.createDirectories(data());
    Files.write(data().resolve(CIFAR_ARCHIVE + ".part"), CIFAR);
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR)) {
      fetcher(settings()).fetch(cifar(server.url(), CIFAR), data());
      assertEquals(List.of("bytes=" + CIFAR.length + "-"), server.ranges(), "answered 416");
      assertCifarUnpacked(data());
    }
  }

  @Test
  void aPartFileLongerThanTheFileStartsOver() throws Exception {
    Files.createDirectories(data());
    byte[] junk = new byte[CIFAR.length + 100];
    Files.write(data().resolve(CIFAR_ARCHIVE + ".part"), junk);
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR)) {
      fetcher(settings()).fetch(cifar(server.url(), CIFAR), data());
      assertEquals(List.of("bytes=" + junk.length + "-", ""), server.ranges());
      assertCifarUnpacked(data());
    }
  }

  @Test
  void followsRedirects() throws Exception {
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR)) {
      fetcher(settings()).fetch(cifar(server.redirectingUrl(), CIFAR), data());
      assertEquals(1, server.requests());
      assertCifarUnpacked(data());
    }
  }

  @Test
  void aServerSendingMoreThanTheKnownSizeIsCutOffAndNothingKept() throws Exception {
    byte[] big = new byte[3 << 20];
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, big)) {
      Path part = temp.resolve("x.part");
      DataException e = assertThrows(DataException.class,
          () -> new Downloader(settings()).download(server.url(), part, 1 << 20));
      assertEquals("cannot download " + server.url() + ": the server sends 3145728 bytes, more "
          + "than the 2097152 expected of this file; the download was deleted", e.getMessage());
      assertFalse(Files.exists(part));
      assertEquals(1, server.requests(), "not retried");
    }
    assertEquals(1_000_000 + (1 << 20), Downloader.maxBytes(1_000_000));
    assertEquals(170_498_071L + 1_704_980, Downloader.maxBytes(170_498_071L));
  }

  @Test
  void aDownloadThatOutlivesItsDeadlineStopsAndKeepsWhatItGot() throws Exception {
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR).dropAfter(100, 1000)) {
      Path part = temp.resolve("y.part");
      long start = System.nanoTime();
      DataException e = assertThrows(DataException.class, () -> new Downloader(settings()
          .withRetries(1000).withRetryDelay(Duration.ofMillis(200))
          .withDeadline(Duration.ofSeconds(1))).download(server.url(), part, CIFAR.length));
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(e.getMessage().contains("it did not finish within 1 s (the deadline of a whole "
          + "download)") && e.getMessage().contains("run the command again to resume"),
          e.getMessage());
      assertTrue(seconds < 10, seconds + " s");
      assertTrue(Files.size(part) >= 100, "kept for a later resume");
    }
  }

  /** How a raw test server answers its {@code n}-th connection (from 1). */
  @FunctionalInterface
  private interface RawAnswer {
    void write(int n, java.io.OutputStream out) throws IOException, InterruptedException;
  }

  /**
   * Serves connections on {@code socket} from a daemon thread, byte by byte as written, for
   * behaviours an HTTP server library will not produce (a chunked body without its last chunk, a
   * body that stops): reads each request's headers, then lets {@code answer} write.
   */
  private static void rawServer(ServerSocket socket, RawAnswer answer) {
    Thread server = new Thread(() -> {
      for (int n = 1; !socket.isClosed(); n++) {
        try (java.net.Socket client = socket.accept()) {
          java.io.InputStream in = client.getInputStream();
          java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
          while (!request.toString().endsWith("\r\n\r\n")) {
            request.write(in.read());
          }
          answer.write(n, client.getOutputStream());
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    });
    server.setDaemon(true);
    server.start();
  }

  @Test
  void aChunkedResponseCutShortIsNotTakenForTheFile() throws Exception {
    // No Content-Length: only the missing last chunk tells that the body was cut. The first
    // connection sends half the file as one chunk and closes; later ones send it all.
    java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    try (ServerSocket socket = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      rawServer(socket, (n, out) -> {
        connections.set(n);
        boolean cut = n == 1;
        int length = cut ? CIFAR.length / 2 : CIFAR.length;
        out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close"
            + "\r\n\r\n" + Integer.toHexString(length) + "\r\n").getBytes());
        out.write(CIFAR, 0, length);
        out.write((cut ? "\r\n" : "\r\n0\r\n\r\n").getBytes());
        out.flush();
      });
      URI url = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/" + CIFAR_ARCHIVE);
      Path part = temp.resolve("z.part");
      long size = new Downloader(settings()).download(url, part, -1);
      assertEquals(CIFAR.length, size);
      assertArrayEquals(CIFAR, Files.readAllBytes(part), "downloaded again, not kept short");
      assertEquals(2, connections.get());
    }
  }

  @Test
  void aBodyThatStopsFlowingTimesOut() throws Exception {
    // Headers and half the body arrive, then nothing: the read timeout must still apply.
    try (ServerSocket socket = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      rawServer(socket, (n, out) -> {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + CIFAR.length + "\r\n\r\n")
            .getBytes());
        out.write(CIFAR, 0, CIFAR.length / 2);
        out.flush();
        Thread.sleep(5000);
      });
      URI url = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/" + CIFAR_ARCHIVE);
      Path part = temp.resolve("s.part");
      long start = System.nanoTime();
      DataException e = assertThrows(DataException.class, () -> new Downloader(settings()
          .withTimeout(Duration.ofMillis(400)).withRetries(0)).download(url, part, -1));
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(e.getMessage().startsWith("cannot download " + url + ": no data for 0.4 s "
          + "after " + CIFAR.length / 2 + " of " + CIFAR.length + " bytes"), e.getMessage());
      assertTrue(seconds < 3, seconds + " s");
      assertEquals(CIFAR.length / 2, Files.size(part), "kept for resuming");
      assertFalse(Thread.currentThread().isInterrupted(), "the watch's interrupt is cleared");
    }
  }

  @Test
  void aRedirectFromHttpsToHttpIsRefused() {
    assertTrue(Downloader.downgrades(URI.create("https://a.org/x"), URI.create("http://a.org/x")));
    assertFalse(Downloader.downgrades(URI.create("http://a.org/x"), URI.create("https://b/x")));
    assertFalse(Downloader.downgrades(URI.create("https://a.org/x"), URI.create("https://b/x")));
  }

  @Test
  void aChecksumMismatchDeletesTheDownloadAndUnpacksNothing() throws Exception {
    String wrong = "0123456789abcdef0123456789abcdef";
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR)) {
      DatasetSource source = KnownSources.of("cifar10").withUrl(server.url())
          .withChecksum(Checksum.md5(wrong));
      DataException e = assertThrows(DataException.class,
          () -> fetcher(settings()).fetch(source, data()));
      assertEquals(data().resolve(CIFAR_ARCHIVE) + ": md5 " + TestArchives.md5(CIFAR)
          + " does not match the expected " + wrong
          + "; the download is corrupt (deleted), run the command again", e.getMessage());
      assertFalse(Files.exists(data().resolve(CIFAR_ARCHIVE + ".part")));
      assertFalse(Files.exists(data().resolve(CIFAR_ARCHIVE)));
      assertFalse(Files.exists(data().resolve("cifar-10-batches-bin")));
      assertFalse(Files.exists(data().resolve(".cifar10.kdas-fetched")));
    }
  }

  @Test
  void notFoundIsOneLineAndKeepsThePartFile() throws Exception {
    Files.createDirectories(data());
    Files.write(data().resolve(CIFAR_ARCHIVE + ".part"), Arrays.copyOf(CIFAR, 100));
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR).status(404)) {
      DataException e = assertThrows(DataException.class,
          () -> fetcher(settings()).fetch(cifar(server.url(), CIFAR), data()));
      assertTrue(e.getMessage().startsWith("cannot download " + server.url()
          + ": HTTP 404 Not Found; the 100 bytes received are kept in "), e.getMessage());
      assertEquals(1, server.requests(), "a 404 is not retried");
      assertEquals(100, Files.size(data().resolve(CIFAR_ARCHIVE + ".part")));
    }
  }

  @Test
  void serverErrorsAreRetried() throws Exception {
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR).status(503)) {
      DataException e = assertThrows(DataException.class,
          () -> fetcher(settings()).fetch(cifar(server.url(), CIFAR), data()));
      assertEquals("cannot download " + server.url() + ": HTTP 503 Service Unavailable",
          e.getMessage());
      assertEquals(3, server.requests(), "first attempt and 2 retries");
      assertFalse(Files.exists(data().resolve(CIFAR_ARCHIVE + ".part")));
    }
  }

  @Test
  void connectionRefusedNamesTheUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/files/" + CIFAR_ARCHIVE);
    DataException e = assertThrows(DataException.class,
        () -> fetcher(settings()).fetch(cifar(url, CIFAR), data()));
    assertEquals("cannot download " + url + ": connection refused", e.getMessage());
  }

  @Test
  void aStalledServerTimesOut() throws Exception {
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR)
        .stall(Duration.ofSeconds(3))) {
      Downloader.Settings quick = settings().withTimeout(Duration.ofMillis(300)).withRetries(0);
      long start = System.nanoTime();
      DataException e = assertThrows(DataException.class,
          () -> fetcher(quick).fetch(cifar(server.url(), CIFAR), data()));
      assertTrue(e.getMessage().startsWith("cannot download " + server.url()
          + ": no answer within 0.3 s"), e.getMessage());
      assertTrue(System.nanoTime() - start < 2_500_000_000L, "gave up at the timeout");
    }
  }

  @Test
  void aSecondRunIsANoOpWithoutNetwork() throws Exception {
    DatasetSource source;
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR)) {
      source = cifar(server.url(), CIFAR);
      fetcher(settings()).fetch(source, data());
      assertEquals(1, server.requests());
      DatasetFetcher.Result again = fetcher(settings()).fetch(source, data());
      assertTrue(again.alreadyPresent());
      assertEquals(1, server.requests(), "no request on the second run");
    }
    // The server is gone: still a no-op.
    DatasetFetcher.Result offline = fetcher(settings()).fetch(source, data());
    assertTrue(offline.alreadyPresent());
    assertEquals(data().resolve("cifar-10-batches-bin"), offline.dataPath());
  }

  @Test
  void aHalfUnpackedTreeIsUnpackedAgainFromTheVerifiedArchive() throws Exception {
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR)) {
      DatasetSource source = cifar(server.url(), CIFAR);
      fetcher(settings()).fetch(source, data());
      // As if unpacking had been interrupted: no marker, a file missing.
      Files.delete(data().resolve(".cifar10.kdas-fetched"));
      Files.delete(data().resolve("cifar-10-batches-bin/test_batch.bin"));
      DatasetFetcher.Result result = fetcher(settings()).fetch(source, data());
      assertFalse(result.alreadyPresent());
      assertFalse(result.downloaded(), "the archive on disk was verified and used");
      assertEquals(1, server.requests());
      assertCifarUnpacked(data());
    }
  }

  @Test
  void theMarkerChecksTheUnpackedFilesNotOnlyTheFolder() throws Exception {
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR)) {
      DatasetSource source = cifar(server.url(), CIFAR);
      fetcher(settings()).fetch(source, data());
      Path batch = data().resolve("cifar-10-batches-bin/data_batch_2.bin");
      byte[] good = Files.readAllBytes(batch);
      // A cache beside the data (hidden) does not matter ...
      Files.createDirectories(data().resolve("cifar-10-batches-bin/.kdas-cache"));
      Files.write(data().resolve("cifar-10-batches-bin/.kdas-cache/x.u8"), new byte[10]);
      assertTrue(fetcher(settings()).fetch(source, data()).alreadyPresent());
      // ... a data file cut short does: the verified archive is unpacked again.
      Files.write(batch, Arrays.copyOf(good, good.length - 1));
      DatasetFetcher.Result result = fetcher(settings()).fetch(source, data());
      assertFalse(result.alreadyPresent());
      assertFalse(result.downloaded());
      assertArrayEquals(good, Files.readAllBytes(batch));
      assertEquals(1, server.requests());
    }
  }

  @Test
  void anotherChecksumIsNotTakenForTheFetchedData() throws Exception {
    byte[] other = new TarWriter().dir("cifar-10-batches-bin/")
        .file("cifar-10-batches-bin/batches.meta.txt", "x\n").gz();
    try (TestServer server = TestServer.serving(CIFAR_ARCHIVE, CIFAR)) {
      fetcher(settings()).fetch(cifar(server.url(), CIFAR), data());
      server.body(other);
      DatasetFetcher.Result result = fetcher(settings()).fetch(cifar(server.url(), other),
          data());
      assertFalse(result.alreadyPresent());
      assertTrue(result.downloaded());
      assertEquals(2, server.requests());
      assertArrayEquals(other, Files.readAllBytes(data().resolve(CIFAR_ARCHIVE)));
    }
  }

  @Test
  void downloadsAndUnpacksAZip() throws Exception {
    byte[] zip = TestArchives.tinyImageNetZip();
    try (TestServer server = TestServer.serving("tiny-imagenet-200.zip", zip)) {
      DatasetSource source = KnownSources.of("tinyimagenet").withUrl(server.url())
          .withChecksum(Checksum.md5(TestArchives.md5(zip)));
      DatasetFetcher.Result result = fetcher(settings()).fetch(source, data());
      Path root = data().resolve("tiny-imagenet-200");
      assertEquals(root.toAbsolutePath(), result.dataPath());
      for (Map.Entry<String, byte[]> file : TestArchives.tinyImageNetFiles().entrySet()) {
        assertArrayEquals(file.getValue(), Files.readAllBytes(root.resolve(file.getKey())));
      }
      assertTrue(Files.exists(data().resolve(".tinyimagenet.kdas-fetched")));
      Dataset dataset = TinyImageNetLoader.load(result.dataPath(), 64, temp.resolve("cache"));
      assertEquals(2, dataset.classes());
      assertEquals(4, dataset.train().size());
      assertEquals(3, dataset.test().size());
      assertTrue(fetcher(settings()).fetch(source, data()).alreadyPresent());
      assertEquals(1, server.requests());
    }
  }

  @Test
  void theTableHasTheOfficialSources() {
    assertEquals(List.of("cifar10", "cifar100", "tinyimagenet"), KnownSources.names());
    DatasetSource c10 = KnownSources.of("cifar10");
    assertEquals("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", c10.url().toString());
    assertEquals("md5 c32a1d4ab5d03f1284b67883e8d87530", c10.checksum().toString());
    assertEquals(170_052_171L, c10.expectedSize());
    DatasetSource c100 = KnownSources.of("CIFAR-100");
    assertEquals("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz",
        c100.url().toString());
    assertEquals("md5 03b5dce01913d631647c71ecec9e9cb8", c100.checksum().toString());
    DatasetSource tiny = KnownSources.of("tiny-imagenet");
    assertEquals("http://cs231n.stanford.edu/tiny-imagenet-200.zip", tiny.url().toString());
    assertEquals("md5 90528d7ca1a48142e341f4ef8d21d0de", tiny.checksum().toString());
    assertEquals(DatasetSource.Format.ZIP, tiny.format());
    assertEquals("data { tiny_imagenet { path: \"/d/tiny-imagenet-200\" } }",
        tiny.specSnippet(Path.of("/d/tiny-imagenet-200")));
    assertEquals(-1, c10.withChecksum(Checksum.md5(c10.checksum().hex())).expectedSize());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KnownSources.of("mnist"));
    assertEquals("unknown data set 'mnist': expected one of cifar10, cifar100, tinyimagenet",
        e.getMessage());
  }

  @Test
  void checksumsAreValidated() {
    assertEquals("sha256 " + "ab".repeat(32), Checksum.sha256("AB".repeat(32)).toString());
    assertThrows(IllegalArgumentException.class, () -> Checksum.md5("abc"));
    assertThrows(IllegalArgumentException.class, () -> Checksum.md5("g".repeat(32)));
    assertThrows(IllegalArgumentException.class, () -> new Checksum("sha1", "a".repeat(40)));
  }

  @Test
  void progressLinesShowBytesPercentAndRate() {
    long[] now = {0};
    Progress progress = new Progress("x.tar.gz", 50_000_000L, 200_000_000L, 1, () -> now[0]);
    now[0] = 2_000_000_000L;
    progress.add(10_000_000L);
    assertEquals("x.tar.gz: 60.0 MB of 200.0 MB (30.0%), 5.00 MB/s, about 28 s left",
        progress.line(now[0]));
    Progress unknown = new Progress("y.zip", 0, -1, 1, () -> now[0]);
    now[0] += 1_000_000_000L;
    unknown.add(1_500_000L);
    assertEquals("y.zip: 1.5 MB, 1.50 MB/s", unknown.line(now[0]));
  }

  /** Fetches an archive with the given members; returns the failure. */
  private DataException refused(DatasetSource.Format format, byte[] archive) throws Exception {
    String name = format == DatasetSource.Format.ZIP ? "tiny-imagenet-200.zip" : CIFAR_ARCHIVE;
    try (TestServer server = TestServer.serving(name, archive)) {
      DatasetSource source = KnownSources.of(format == DatasetSource.Format.ZIP
          ? "tinyimagenet" : "cifar10").withUrl(server.url())
          .withChecksum(Checksum.sha256(TestArchives.sha256(archive)));
      DataException e = assertThrows(DataException.class,
          () -> fetcher(settings()).fetch(source, data()));
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertTrue(e.getMessage().contains(" of " + data().resolve(name)), e.getMessage());
      assertFalse(Files.exists(data().resolve("." + source.name() + ".kdas-fetched")));
      return e;
    }
  }

  /** Everything under the temporary folder except the data folder. */
  private List<Path> outside() throws IOException {
    try (Stream<Path> all = Files.walk(temp)) {
      return all.filter(p -> !p.startsWith(data()) && !p.equals(temp)).toList();
    }
  }

  /** Everything in the data folder except the archive and the lock file. */
  private List<String> unpacked() throws IOException {
    try (Stream<Path> all = Files.walk(data())) {
      return all.filter(p -> !p.equals(data()))
          .map(p -> data().relativize(p).toString())
          .filter(p -> !p.endsWith(".tar.gz") && !p.endsWith(".zip") && !p.endsWith("-lock"))
          .toList();
    }
  }

  @Test
  void refusesATarThatClimbsOut() throws Exception {
    byte[] tar = new TarWriter().dir("cifar-10-batches-bin/")
        .file("cifar-10-batches-bin/ok.bin", "fine")
        .file("../evil.txt", "gotcha").gz();
    DataException e = refused(DatasetSource.Format.TAR_GZ, tar);
    assertTrue(e.getMessage().startsWith("refusing archive entry ../evil.txt of "),
        e.getMessage());
    assertEquals(List.of(), outside());
    assertEquals(List.of(), unpacked(), "nothing of the archive is written");
  }

  @Test
  void refusesATarWithAnAbsolutePath() throws Exception {
    Path target = temp.resolve("abs").resolve("evil.txt");
    byte[] tar = new TarWriter().file(target.toString(), "gotcha").gz();
    DataException e = refused(DatasetSource.Format.TAR_GZ, tar);
    assertTrue(e.getMessage().contains("an absolute path"), e.getMessage());
    assertFalse(Files.exists(target));
    assertEquals(List.of(), outside());
    assertEquals(List.of(), unpacked());
  }

  @Test
  void refusesATarWithASymlinkOrHardLink() throws Exception {
    byte[] symlink = new TarWriter().dir("cifar-10-batches-bin/")
        .symlink("cifar-10-batches-bin/out", "../..")
        .file("cifar-10-batches-bin/out/evil.txt", "gotcha").gz();
    DataException e = refused(DatasetSource.Format.TAR_GZ, symlink);
    assertTrue(e.getMessage().startsWith("refusing archive entry cifar-10-batches-bin/out of "),
        e.getMessage());
    assertTrue(e.getMessage().contains("a symbolic link to ../.."), e.getMessage());
    assertEquals(List.of(), outside());
    assertEquals(List.of(), unpacked());

    byte[] hardlink = new TarWriter()
        .hardlink("cifar-10-batches-bin/passwd", "/etc/passwd").gz();
    e = refused(DatasetSource.Format.TAR_GZ, hardlink);
    assertTrue(e.getMessage().contains("a hard link to /etc/passwd"), e.getMessage());
    assertEquals(List.of(), unpacked());
  }

  @Test
  void refusesAZipThatClimbsOutOrIsAbsolute() throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("tiny-imagenet-200/ok.txt", new byte[] {1});
    members.put("../evil.txt", new byte[] {2});
    DataException e = refused(DatasetSource.Format.ZIP, TestArchives.zip(members));
    assertTrue(e.getMessage().startsWith("refusing archive entry ../evil.txt of "),
        e.getMessage());
    assertEquals(List.of(), outside());
    assertEquals(List.of(), unpacked());

    Path target = temp.resolve("abs").resolve("evil.txt");
    e = refused(DatasetSource.Format.ZIP, TestArchives.zip(Map.of(target.toString(),
        new byte[] {3})));
    assertTrue(e.getMessage().contains("an absolute path"), e.getMessage());
    assertEquals(List.of(), outside());

    e = refused(DatasetSource.Format.ZIP, TestArchives.zip(Map.of("a/../../evil.txt",
        new byte[] {4})));
    assertTrue(e.getMessage().contains("'..' leads outside"), e.getMessage());
    assertEquals(List.of(), outside());

    // A Unix symbolic link stored in a zip (the JDK's reader cannot tell it from a file).
    java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
    try (var out = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(zip)) {
      var link = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry(
          "tiny-imagenet-200/link");
      link.setUnixMode(0120777);
      out.putArchiveEntry(link);
      out.write("/etc/passwd".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeArchiveEntry();
    }
    e = refused(DatasetSource.Format.ZIP, zip.toByteArray());
    assertTrue(e.getMessage().startsWith("refusing archive entry tiny-imagenet-200/link of ")
        && e.getMessage().contains("a symbolic link"), e.getMessage());
    assertEquals(List.of(), unpacked());
  }

  @Test
  void refusesToWriteThroughASymlinkAlreadyInTheFolder() throws Exception {
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Files.createDirectories(data());
    Files.createSymbolicLink(data().resolve("cifar-10-batches-bin"), elsewhere);
    DataException e = refused(DatasetSource.Format.TAR_GZ, CIFAR);
    assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
    try (Stream<Path> files = Files.list(elsewhere)) {
      assertEquals(0, files.count(), "nothing written through the link");
    }
  }
}
