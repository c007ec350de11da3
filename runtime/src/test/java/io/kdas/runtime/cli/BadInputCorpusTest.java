package io.kdas.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.PluginKind;
import io.kdas.api.fixture.jar.FailingConstructorTemplate;
import io.kdas.api.fixture.jar.FailingCreateTemplate;
import io.kdas.api.fixture.jar.JarLossTemplate;
import io.kdas.api.fixture.jar.PluginJars;
import io.kdas.api.fixture.jar.WrongSpiTemplate;
import io.kdas.runtime.data.archive.TarWriter;
import io.kdas.runtime.data.fetch.TestArchives;
import io.kdas.runtime.data.fetch.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs a user can give, each run through the command line as a user would: every one must
 * exit with 2 and one {@code kdas: error:} line that names the file and the field or entry, with
 * no stack trace, before any training step, and leave no cache behind that a later run would use.
 * Spec mistakes and broken plugin jars are caught by {@code --validate-only} (and so at the start
 * of every run); data mistakes (images, CIFAR files, tar and zip archives) by {@code run}, while
 * the data loads; hostile downloads by {@code kdas data fetch} from a server on 127.0.0.1.
 */
class BadInputCorpusTest {

  private static final String BASE = """
      name: "c"
      data { synthetic { classes: 4 train_examples: 200 test_examples: 40 } }
      teachers { count: 2 training { epochs: 1 batch_size: 32 } }
      student { name: "s" loss { name: "oracle-kd" } training { epochs: 1 batch_size: 32 } }
      """;
  private static final String SEARCH = BASE.replace("name: \"s\"",
      "name: \"s\" searched: true") + """
      search {
        strategy { name: "random" }
        backbone { resnet { depth: 8 } }
        validation_examples: 50
        trials: 2
        child_training { epochs: 1 batch_size: 32 }
        shared_training { batch_size: 32 }
      }
      """;

  @TempDir static Path dir;

  /** A spec case: the spec text and what its error line must name. */
  private record SpecCase(String name, String spec, String names) {}

  private static SpecCase c(String name, String spec, String names) {
    return new SpecCase(name, spec, names);
  }

  private static String swap(String spec, String from, String to) {
    if (!spec.contains(from)) {
      throw new IllegalArgumentException("no '" + from + "' in the spec");
    }
    return spec.replace(from, to);
  }

  private static List<SpecCase> specCases() {
    String data = "synthetic { classes: 4 train_examples: 200 test_examples: 40 }";
    String teachers = "teachers { count: 2 ";
    String student = "student { name: \"s\" ";
    String loss = "loss { name: \"oracle-kd\" }";
    String training = "student { name: \"s\" loss { name: \"oracle-kd\" } training { epochs: 1 "
        + "batch_size: 32 }";
    return List.of(
        c("run name", swap(BASE, "name: \"c\"", "name: \"bad name\""), "name: 'bad name'"),
        c("name twice", swap(BASE, "name: \"c\"", "name: \"c\" name: \"d\""), "name"),
        c("syntax", swap(BASE, "teachers {", "teachers {{"), "c.textproto:3"),
        c("unknown field", swap(BASE, "name: \"c\"", "name: \"c\" colour: 1"), "colour"),
        c("student name", swap(BASE, student, "student { name: \"S!\" "), "student[0].name"),
        c("same student twice", BASE + training + " }\n", "student[1].name"),
        c("no student", BASE.substring(0, BASE.indexOf("student {")), "student"),
        c("unknown loss", swap(BASE, loss, "loss { name: \"nope\" }"), "student[0].loss.name"),
        c("bad loss parameter", swap(BASE, loss, "loss { name: \"oracle-kd\" params { key: "
            + "\"temperature\" value: \"-1\" } }"), "student[0].loss"),
        c("unknown loss parameter", swap(BASE, loss, "loss { name: \"oracle-kd\" params { key: "
            + "\"colour\" value: \"1\" } }"), "student[0].loss"),
        c("loss that gives NaN", swap(BASE, loss, "loss { name: \"nan-loss\" }"),
            "student[0].loss"),
        c("resnet depth", swap(BASE, student, student + "model { resnet { depth: 7 } } "),
            "student[0].model"),
        c("zero epochs", swap(BASE, "training { epochs: 1 batch_size: 32 } }\n",
            "training { epochs: 0 batch_size: 32 } }\n"), "student[0].training.epochs"),
        c("zero batch", swap(BASE, "training { epochs: 1 batch_size: 32 } }\n",
            "training { epochs: 1 batch_size: 0 } }\n"), "student[0].training.batch_size"),
        c("batch above the data", swap(BASE, "training { epochs: 1 batch_size: 32 } }\n",
            "training { epochs: 1 batch_size: 500 } }\n"), "student[0].training.batch_size"),
        c("negative learning rate", swap(BASE, "training { epochs: 1 batch_size: 32 } }\n",
            "training { epochs: 1 batch_size: 32 learning_rate { initial: -0.1 } } }\n"),
            "student[0].training.learning_rate"),
        c("no teachers", swap(BASE, teachers, "teachers { count: 0 "), "teachers.count"),
        c("too many teachers", swap(BASE, teachers, "teachers { count: 65 "), "teachers.count"),
        c("teacher batch above the data", swap(BASE, "count: 2 training { epochs: 1 "
            + "batch_size: 32 }", "count: 2 training { epochs: 1 batch_size: 256 }"),
            "teachers.training.batch_size"),
        c("missing SavedModel", swap(BASE, teachers, "teachers { saved_model: \"/nonexistent/t\" "),
            "teachers.saved_model[0]"),
        c("one class", swap(BASE, data, "synthetic { classes: 1 }"), "data.synthetic.classes"),
        c("fewer examples than classes", swap(BASE, data, "synthetic { classes: 4 "
            + "train_examples: 2 }"), "data.synthetic.train_examples"),
        c("no views", swap(BASE, "data { ", "data { teacher_views: 0 "), "data.teacher_views"),
        c("too many views", swap(BASE, "data { ", "data { teacher_views: 5000 "),
            "data.teacher_views"),
        c("store larger than the disk", swap(swap(BASE, data, "teacher_views: 1000 synthetic { "
            + "classes: 1000 train_examples: 2000000 }"), "count: 2", "count: 64"),
            "data.teacher_views"),
        c("image limit", swap(BASE, "data { ", "data { max_image_pixels: 0 "),
            "data.max_image_pixels"),
        c("missing image folder", swap(BASE, data, "image_folder { path: \"/nonexistent/f\" }"),
            "data.image_folder.path"),
        c("test dir is the train dir", swap(BASE, data, "image_folder { path: \"" + dir
            + "\" train_dir: \"a\" test_dir: \"a\" }"), "data.image_folder.test_dir"),
        c("missing CIFAR-10", swap(BASE, data, "cifar10 { path: \"/nonexistent/c\" }"),
            "data.cifar10.path"),
        c("missing TinyImageNet", swap(BASE, data, "tiny_imagenet { path: \"/nonexistent/t\" }"),
            "data.tiny_imagenet.path"),
        c("unknown device", BASE + "device { device: TPU }\n",
            "device: 'TPU' is not allowed; allowed: CPU, GPU"),
        c("quoted device", BASE + "device { device: \"cpu\" }\n",
            "device: \"cpu\" is quoted; write the value's name without quotes; allowed: CPU, GPU"),
        c("searched: false", swap(BASE, "name: \"s\"", "name: \"s\" searched: false"),
            "student[0].searched: false is not allowed"),
        c("searched and a file", swap(BASE, "name: \"s\"", "name: \"s\" searched: true "
            + "architecture_file: \"a.textproto\""),
            "'searched' and 'architecture_file' are alternatives (add_ons); give one of them"),
        c("negative threads", BASE + "device { intra_op_threads: -1 }\n",
            "device.intra_op_threads"),
        c("export input name", BASE + "export { input_name: \"1x\" }\n", "export.input_name"),
        c("spark master", BASE + "executor { spark { master: \"yarn\" } }\n",
            "executor.spark.master: 'yarn' is not allowed; use spark://HOST:PORT"),
        c("spark conf key", BASE + "executor { spark { master: \"local[2]\" conf { key: "
            + "\"executor.memory\" value: \"4g\" } } }\n", "executor.spark.conf"),
        c("missing plugin dir", BASE + "plugin_dir: \"/nonexistent/p\"\n", "plugin_dir[0]"),
        c("unknown strategy", swap(SEARCH, "name: \"random\"", "name: \"nope\""),
            "search.strategy"),
        c("strategy that throws", swap(SEARCH, "name: \"random\"", "name: \"throws-on-ask\""),
            "search.strategy"),
        c("validation above the data", swap(SEARCH, "validation_examples: 50",
            "validation_examples: 200"), "search.validation_examples"),
        c("budget measure", swap(SEARCH, "trials: 2", "trials: 2 budget { measure: WATTS }"),
            "measure: 'WATTS' is not allowed; allowed: BYTES, PARAMETERS, FLOPS"),
        c("soft budget exponent", swap(SEARCH, "trials: 2", "trials: 2 budget { mode: SOFT "
            + "limit: 1000 exponent: 0.5 }"), "search.budget.exponent"),
        c("positions out of order", swap(SEARCH, "trials: 2", "trials: 2 position { stage: 2 "
            + "after_block: 1 } position { stage: 1 after_block: 1 }"), "search.position[1]"),
        c("too many connections", swap(SEARCH, "trials: 2", "trials: 2 connections: 9"),
            "search.connections"),
        c("zero trials", swap(SEARCH, "trials: 2", "trials: 0"), "search.trials"),
        c("child batch above the data", swap(SEARCH, "child_training { epochs: 1 batch_size: 32 }",
            "child_training { epochs: 1 batch_size: 160 }"), "search.child_training.batch_size"));
  }

  @TestFactory
  Stream<DynamicTest> specMistakesFailValidationInSeconds() throws IOException {
    Files.createDirectories(dir.resolve("a"));
    List<SpecCase> cases = specCases();
    assertTrue(cases.size() >= 40, cases.size() + " spec cases");
    return cases.stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
      Path spec = dir.resolve("c.textproto");
      Files.writeString(spec, k.spec());
      long start = System.nanoTime();
      CliOutcome r = CliOutcome.kdas("run", spec.toString(), "--validate-only");
      double seconds = (System.nanoTime() - start) / 1e9;
      assertOneLineError(r, spec.toString(), k.names());
      assertTrue(seconds < 30, k.name() + " took " + seconds + " s");
    }));
  }

  /** A data case: files to write and what the error line must name. */
  private record DataCase(String name, Maker maker, String names) {}

  @FunctionalInterface
  private interface Maker {
    /** Writes the bad data under {@code root}; returns the data block of the spec. */
    String make(Path root) throws IOException;
  }

  private static byte[] jpeg(int size) throws IOException {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, (x * 7 + y * 13) * 0x010101);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  /** A class-per-folder tree with two classes; {@code bad} is written as train/b/bad.jpg. */
  private static String folder(Path root, byte[] bad) throws IOException {
    for (String split : List.of("train", "test")) {
      for (String cls : List.of("a", "b")) {
        Path d = Files.createDirectories(root.resolve(split).resolve(cls));
        for (int i = 0; i < 4; i++) {
          Files.write(d.resolve(i + ".jpg"), jpeg(8));
        }
      }
    }
    Files.write(root.resolve("train/b/bad.jpg"), bad);
    return "image_folder { path: \"" + root + "\" }";
  }

  private static String cifar(Path root, int[] batchRecords) throws IOException {
    Files.createDirectories(root);
    for (int i = 0; i < 5; i++) {
      Files.write(root.resolve("data_batch_" + (i + 1) + ".bin"),
          new byte[batchRecords[i] * 3073 + (i == 4 && batchRecords[i] == 2 ? 5 : 0)]);
    }
    Files.write(root.resolve("test_batch.bin"), new byte[2 * 3073]);
    Files.writeString(root.resolve("batches.meta.txt"), "a\nb\n");
    return "cifar10 { path: \"" + root + "\" cache_dir: \"" + root.resolve(".cache") + "\" }";
  }

  private static List<DataCase> dataCases() {
    return List.of(
        new DataCase("text named .jpg", root -> folder(root, "not an image".getBytes()),
            "train/b/bad.jpg: not a JPEG or PNG"),
        new DataCase("truncated JPEG", root -> folder(root, Arrays.copyOf(jpeg(32), 300)),
            "train/b/bad.jpg"),
        new DataCase("huge image header", root -> {
          byte[] png = pngClaiming(100_000, 100_000);
          return folder(root, png).replace("\" }", "\" } max_image_pixels: 1000000");
        }, "more than data.max_image_pixels"),
        new DataCase("CIFAR batch not whole records", root -> cifar(root, new int[] {2, 2, 2, 2,
            2}), "data_batch_5.bin: 6,151 bytes is not a whole number of 3,073-byte records"),
        new DataCase("CIFAR batch cut short", root -> cifar(root, new int[] {2, 2, 1, 2, 3}),
            "data_batch_3.bin: 1 records"),
        new DataCase("archive entry climbing out", root -> {
          Path tar = new TarWriter().file("../evil/train/a/0.jpg", jpeg(8))
              .write(root.resolve("evil.tar.gz"));
          return "image_folder { path: \"" + tar + "\" }";
        }, "../evil/train/a/0.jpg"),
        new DataCase("archive member of 3 GiB", root -> {
          Files.createDirectories(root);
          Path tar = root.resolve("huge.tar");
          Files.write(tar, TarWriter.header("d/train/a/0.jpg", '0', 3L << 30, ""));
          return "image_folder { path: \"" + tar + "\" }";
        }, "entry d/train/a/0.jpg is 3221225472 bytes"),
        new DataCase("truncated archive", root -> {
          byte[] whole = new TarWriter().file("d/train/a/0.jpg", jpeg(64))
              .file("d/test/a/0.jpg", jpeg(8)).bytes();
          Files.createDirectories(root);
          Path tar = root.resolve("cut.tar");
          Files.write(tar, Arrays.copyOf(whole, 700));
          return "image_folder { path: \"" + tar + "\" }";
        }, "cut.tar"),
        new DataCase("zip entry climbing out", root -> tinyImageNetZip(root,
            "tiny-imagenet-200/../../evil.txt", null), "'..' leads outside the archive root"),
        new DataCase("zip entry that is a symbolic link", root -> tinyImageNetZip(root,
            "tiny-imagenet-200/train/n01443537/images/n01443537_9.JPEG", "/etc/shadow"),
            "tiny.zip: a symbolic link"),
        new DataCase("zip entry inflating past its declared size", root -> {
          Path zip = Files.createDirectories(root).resolve("bomb.zip");
          Files.write(zip, TestArchives.zip(Map.of("tiny-imagenet-200/wnids.txt",
              "n0\n".repeat(5000).getBytes(StandardCharsets.UTF_8))));
          declareSizes(zip, 10);
          return "tiny_imagenet { path: \"" + zip + "\" cache_dir: \"" + root.resolve("c")
              + "\" }";
        }, "bomb.zip entry tiny-imagenet-200/wnids.txt inflates past the 10 bytes"));
  }

  /**
   * A small TinyImageNet zip with one more member: {@code extra}, holding {@code link} as a Unix
   * symbolic link if it is not null, else as a file.
   */
  private static String tinyImageNetZip(Path root, String extra, String link) throws IOException {
    Path zip = Files.createDirectories(root).resolve("tiny.zip");
    Map<String, byte[]> members = new LinkedHashMap<>();
    TestArchives.tinyImageNetFiles()
        .forEach((name, bytes) -> members.put("tiny-imagenet-200/" + name, bytes));
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      for (Map.Entry<String, byte[]> member : members.entrySet()) {
        out.putArchiveEntry(new ZipArchiveEntry(member.getKey()));
        out.write(member.getValue());
        out.closeArchiveEntry();
      }
      ZipArchiveEntry entry = new ZipArchiveEntry(extra);
      if (link != null) {
        entry.setUnixMode(UnixStat.LINK_FLAG | 0777);
      }
      out.putArchiveEntry(entry);
      out.write((link != null ? link : "x").getBytes(StandardCharsets.UTF_8));
      out.closeArchiveEntry();
    }
    return "tiny_imagenet { path: \"" + zip + "\" cache_dir: \"" + root.resolve("c") + "\" }";
  }

  /** Rewrites every uncompressed size a zip declares, as a forged archive would. */
  private static void declareSizes(Path zip, int size) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at + 4 <= bytes.limit(); at++) {
      switch (bytes.getInt(at)) {
        case 0x04034b50 -> bytes.putInt(at + 22, size);
        case 0x08074b50 -> bytes.putInt(at + 12, size);
        case 0x02014b50 -> bytes.putInt(at + 24, size);
        default -> { }
      }
    }
    Files.write(zip, bytes.array());
  }

  /** A PNG whose header claims {@code w x h} pixels, with the header's checksum right. */
  private static byte[] pngClaiming(int w, int h) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", out);
    byte[] bytes = out.toByteArray();
    java.nio.ByteBuffer.wrap(bytes).putInt(16, w).putInt(20, h);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes, 12, 17);
    java.nio.ByteBuffer.wrap(bytes).putInt(29, (int) crc.getValue());
    return bytes;
  }

  @TestFactory
  Stream<DynamicTest> dataMistakesFailWhileLoadingAndCacheNothing() {
    List<DynamicTest> tests = new ArrayList<>();
    int n = 0;
    for (DataCase k : dataCases()) {
      Path root = dir.resolve("data-" + n++);
      tests.add(DynamicTest.dynamicTest(k.name(), () -> {
        String dataBlock = k.maker().make(root);
        Path spec = root.resolveSibling(root.getFileName() + ".textproto");
        Files.writeString(spec, BASE.replace("synthetic { classes: 4 train_examples: 200 "
            + "test_examples: 40 }", dataBlock).replace("batch_size: 32", "batch_size: 2"));
        CliOutcome r = CliOutcome.kdas("run", spec.toString(), "--output",
            dir.resolve("runs").toString());
        assertOneLineError(r, "", k.names());
        assertFalse(r.err().contains(" epoch 1/"), "no training step: " + r.err());
        try (Stream<Path> files = Files.walk(dir)) {
          assertTrue(files.noneMatch(f -> f.toString().endsWith(".u8")
              && f.startsWith(root.toString())), "no decoded cache left");
        }
      }));
    }
    return tests.stream();
  }

  /** A plugin directory case: writes the plugin directory's content, returns the file to name. */
  private record JarCase(String name, JarMaker maker, String loss, String names) {}

  @FunctionalInterface
  private interface JarMaker {
    Path make(Path pluginDir) throws IOException;
  }

  private static List<JarCase> jarCases() {
    return List.of(
        new JarCase("jar that is not a zip", p -> Files.write(p.resolve("corrupt.jar"),
            "not a zip at all".getBytes(StandardCharsets.UTF_8)), null, "is not a readable jar"),
        new JarCase("plugin compiled for a newer Java", p -> PluginJars.writeForClassVersion(
            p.resolve("newer.jar"), FailingCreateTemplate.class, PluginKind.LOSS, 99), null,
            "class file version 99.0"),
        new JarCase("plugin whose constructor throws", p -> PluginJars.write(
            p.resolve("ctor.jar"), FailingConstructorTemplate.class, PluginKind.LOSS), null,
            "cannot instantiate"),
        new JarCase("plugin built for another SPI version", p -> PluginJars.write(
            p.resolve("spi.jar"), WrongSpiTemplate.class, PluginKind.LOSS), null,
            "SPI version"),
        // The template uses a fixture class that this module's class path does not carry, as a
        // plugin jar that forgot a dependency would.
        new JarCase("plugin whose jar lacks a class it needs", p -> PluginJars.write(
            p.resolve("lacking.jar"), JarLossTemplate.class, PluginKind.LOSS), "jar-loss",
            "class io.kdas.api.fixture.ScaledCrossEntropyLoss is missing"),
        new JarCase("loss plugin that throws when built", p -> PluginJars.write(
            p.resolve("fails.jar"), FailingCreateTemplate.class, PluginKind.LOSS),
            FailingCreateTemplate.NAME, FailingCreateTemplate.NAME));
  }

  @TestFactory
  Stream<DynamicTest> brokenPluginJarsFailValidationNamingTheJar() {
    List<DynamicTest> tests = new ArrayList<>();
    int n = 0;
    for (JarCase k : jarCases()) {
      Path plugins = dir.resolve("plugins-" + n++);
      tests.add(DynamicTest.dynamicTest(k.name(), () -> {
        Path jar = k.maker().make(Files.createDirectories(plugins));
        String text = BASE + "plugin_dir: \"" + plugins + "\"\n";
        if (k.loss() != null) {
          text = swap(text, "loss { name: \"oracle-kd\" }", "loss { name: \"" + k.loss() + "\" }");
        }
        Path spec = plugins.resolveSibling(plugins.getFileName() + ".textproto");
        Files.writeString(spec, text);
        long start = System.nanoTime();
        CliOutcome r = CliOutcome.kdas("run", spec.toString(), "--validate-only");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertOneLineError(r, jar.toString(), k.names());
        assertTrue(seconds < 30, k.name() + " took " + seconds + " s");
      }));
    }
    return tests.stream();
  }

  /** A download case: what the server on 127.0.0.1 answers and what the error line names. */
  private record FetchCase(String name, byte[] body, int status, String names) {}

  private static List<FetchCase> fetchCases() {
    byte[] absolute = new TarWriter().file("/etc/kdas-evil", "gotcha").gz();
    byte[] link = new TarWriter().symlink("cifar-10-batches-bin/data_batch_1.bin", "/etc/passwd")
        .gz();
    return List.of(
        new FetchCase("server answers 404", TestArchives.cifar10TarGz(), 404, "HTTP 404"),
        new FetchCase("download is not an archive",
            "<html>a login page</html>".getBytes(StandardCharsets.UTF_8), 0,
            "cifar-10-binary.tar.gz"),
        new FetchCase("archive with an absolute path", absolute, 0, "an absolute path"),
        new FetchCase("archive with a symbolic link", link, 0, "a symbolic link"));
  }

  @TestFactory
  Stream<DynamicTest> hostileDownloadsAreRefusedAndLeaveNothingVerified() {
    List<DynamicTest> tests = new ArrayList<>();
    int n = 0;
    for (FetchCase k : fetchCases()) {
      Path target = dir.resolve("fetch-" + n++);
      tests.add(DynamicTest.dynamicTest(k.name(), () -> {
        try (TestServer server = TestServer.serving("cifar-10-binary.tar.gz", k.body())) {
          if (k.status() != 0) {
            server.status(k.status());
          }
          CliOutcome r = CliOutcome.kdas("data", "fetch", "cifar10", "--dir", target.toString(),
              "--url", server.url().toString(), "--sha256", TestArchives.sha256(k.body()));
          assertOneLineError(r, "", k.names());
        }
        assertFalse(Files.exists(target.resolve(".cifar10.kdas-fetched")), "no verified marker");
        assertFalse(Files.exists(target.resolve("cifar-10-batches-bin")), "nothing unpacked");
        assertFalse(Files.exists(Path.of("/etc/kdas-evil")));
      }));
    }
    return tests.stream();
  }

  private static void assertOneLineError(CliOutcome r, String file, String names) {
    assertEquals(2, r.code(), r.err());
    List<String> errors = r.errors();
    assertEquals(1, errors.size(), r.err());
    String line = errors.get(0);
    assertTrue(line.startsWith("kdas: error: ") && line.contains(file) && line.contains(names),
        "expected the line to name " + file + " and '" + names + "': " + line);
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }
}
