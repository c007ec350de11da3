package io.kdas.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.PluginRegistry;
import io.kdas.proto.DeviceSpec;
import io.kdas.proto.RunSpec;
import io.kdas.runtime.train.CpuFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  private static final String VALID = """
      name: "t"
      data { synthetic { classes: 4 } }
      teachers { count: 2 }
      student {
        name: "s"
        loss { name: "oracle-kd" params { key: "temperature" value: "2" } }
      }
      """;

  private final PluginRegistry registry = PluginRegistry.fromClassPath();

  private RunSpec validate(String text) {
    return new SpecValidator(SpecSource.parse("spec.textproto", text), registry).validate()
        .spec();
  }

  private String error(String text) {
    return assertThrows(SpecException.class, () -> validate(text)).getMessage();
  }

  @Test
  void lossesAndStrategiesAreProbedBeforeAnythingRuns() {
    long start = System.nanoTime();
    String loss = error(VALID.replace("name: \"oracle-kd\" params { key: \"temperature\" value: "
        + "\"2\" }", "name: \"nan-loss\""));
    assertTrue(loss.contains("student[0].loss: loss 'nan-loss' (") && loss.contains(
        "gives a non-finite value"), loss);
    String strategy = error(VALID.replace("name: \"s\"", "name: \"s\" searched: true")
        + "search { strategy { name: \"throws-on-ask\" } validation_examples: 100 }");
    assertTrue(strategy.contains("search.strategy: strategy 'throws-on-ask' (") && strategy
        .contains("failed when started and asked for an architecture of the run's space: "
            + "java.lang.IllegalStateException: no proposals today"), strategy);
    assertTrue(System.nanoTime() - start < 30e9, "probes take seconds");
  }

  @Test
  void aGpuThatTensorFlowDoesNotSeeIsRefused() {
    var devices = io.kdas.runtime.train.Devices.list();
    assertTrue(devices.stream().anyMatch(d -> d.type().equals("CPU")), devices.toString());
    org.junit.jupiter.api.Assumptions.assumeFalse(io.kdas.runtime.train.Devices.hasGpu(devices),
        "this machine has a GPU");
    String message = error(VALID + "device { device: GPU }");
    assertTrue(message.contains("device.device: GPU is not available: TensorFlow sees CPU:0 "
        + "only"), message);
  }

  @Test
  void aBatchLargerThanItsTrainingExamplesIsRefused() {
    String small = VALID.replace("synthetic { classes: 4 }",
        "synthetic { classes: 4 train_examples: 100 }");
    String student = error(small.replace("name: \"s\"",
        "name: \"s\" training { batch_size: 128 }"));
    assertTrue(student.contains("student[0].training.batch_size: 128 is larger than the 100 "
        + "training examples; allowed: 1 to 100"), student);
    String child = error(small.replace("name: \"s\"", "name: \"s\" searched: true "
        + "training { batch_size: 32 }").replace("teachers { count: 2 }",
        "teachers { count: 2 training { batch_size: 32 } }") + "search { strategy { name: "
        + "\"random\" } validation_examples: 50 child_training { batch_size: 64 } }");
    assertTrue(child.contains("search.child_training.batch_size: 64 is larger than the 50 "
        + "training examples left after validation_examples are held out"), child);
  }

  @Test
  void theTinyImageNetConfigEstimatesItsTeacherStore(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    // The paper's TinyImageNet setup: 100,000 images x 16 views x 5 teachers x 200 classes.
    Path data = Files.createDirectories(dir.resolve("tiny-imagenet-200"));
    String text = Files.readString(Path.of("..", "configs", "tinyimagenet-kdas.textproto"))
        .replace("data/tiny-imagenet-200", data.toString());
    SpecValidator validator = new SpecValidator(SpecSource.parse("tiny.textproto", text),
        registry);
    StoreEstimate store = validator.validate().store();
    assertEquals(100_000L * 16 * 5 * 200 * 4, store.bytes());
    assertTrue(store.describe().startsWith("teacher prediction store: 100,000 examples x 16 "
        + "views x 5 teachers x 200 classes x 4 bytes = 6.0 GB, "), store.describe());
    assertEquals(store.bytes() > Runtime.getRuntime().maxMemory() / 4, store.mapped());
    assertTrue(new StoreEstimate(100_000, 16, 5, 200, 8L << 30).mapped(),
        "behind -Xmx8g the store is mapped from disk");
  }

  @Test
  void aTeacherStoreLargerThanTheDiskIsRefused() {
    String message = error(VALID.replace("synthetic { classes: 4 }", "teacher_views: 1000 "
        + "synthetic { classes: 1000 train_examples: 2000000 }")
        .replace("teachers { count: 2 }", "teachers { count: 64 }"));
    assertTrue(message.contains("data.teacher_views: 1000 views need ") && message.contains(
        "of disk for the teacher prediction store") && message.contains("use view_mode FRESH"),
        message);
  }

  @Test
  void aCifarFolderIsSizedFromItsFiles(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    // A CIFAR-10 folder of 5 training files with 10 records each: 50 training examples.
    for (int i = 1; i <= 5; i++) {
      Files.write(dir.resolve("data_batch_" + i + ".bin"), new byte[10 * 3073]);
    }
    String cifar = VALID.replace("synthetic { classes: 4 }", "cifar10 { path: \"" + dir + "\" }")
        .replace("name: \"s\"", "name: \"s\" training { batch_size: 64 }");
    String message = error(cifar);
    assertTrue(message.contains("student[0].training.batch_size: 64 is larger than the 50 "
        + "training examples"), message);
  }

  @Test
  void anArchiveIsSizedFromItsCache(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    // An archive of 2 classes x 3 training images, read once so that its cache exists.
    io.kdas.runtime.data.archive.TarWriter tar = new io.kdas.runtime.data.archive.TarWriter();
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4,
        java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
    for (String split : List.of("train", "test")) {
      for (String cls : List.of("a", "b")) {
        for (int i = 0; i < 3; i++) {
          tar.file("d/" + split + "/" + cls + "/" + i + ".png", png.toByteArray());
        }
      }
    }
    Path archive = tar.write(dir.resolve("d.tar.gz"));
    Path cache = dir.resolve("cache");
    String spec = VALID.replace("synthetic { classes: 4 }", "image_folder { path: \"" + archive
        + "\" cache_dir: \"" + cache + "\" image_size: 8 }").replace("name: \"s\"",
        "name: \"s\" training { batch_size: 8 }");
    validate(spec); // no cache yet: the size is not known before the archive is read
    io.kdas.runtime.data.source.ImageFolderLoader.load(archive, "train", "test", 8, cache);
    String message = error(spec);
    assertTrue(message.contains("student[0].training.batch_size: 8 is larger than the 6 "
        + "training examples"), message);
  }

  @Test
  void aFieldGivenTwiceIsRefused() {
    String message = error(VALID.replace("name: \"t\"", "name: \"a\" name: \"b\""));
    assertTrue(message.startsWith("spec.textproto:1:"), message);
    assertTrue(message.contains("'name' is given twice in RunSpec; it takes one value"), message);
  }

  @Test
  void aSoftBudgetNeedsAFiniteNonPositiveExponent() {
    String search = VALID.replace("name: \"s\"", "name: \"s\" searched: true")
        + "search { strategy { name: \"random\" } validation_examples: 100 budget { limit: 1000 "
        + "mode: SOFT exponent: %s } }";
    for (String bad : List.of("nan", "inf", "0.5")) {
      String message = error(search.formatted(bad));
      assertTrue(message.contains("search.budget.exponent: ") && message.contains(
          "a soft budget needs a finite exponent <= 0"), bad + ": " + message);
    }
    validate(search.formatted("-0.07"));
  }

  @Test
  void imageFolderTestDirMustNotBeTheTrainDir(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("train"));
    String message = error(VALID.replace("synthetic { classes: 4 }", "image_folder { path: \""
        + dir + "\" test_dir: \"./train\" }"));
    assertTrue(message.contains("data.image_folder.test_dir: './train' is also the train_dir"),
        message);
  }

  @Test
  void addOnPositionsMustBeInNetworkOrder() {
    String search = VALID.replace("name: \"s\"", "name: \"s\" searched: true model { "
        + "resnet { depth: 14 } }") + "search { strategy { name: \"random\" } validation_examples: "
        + "100 position { stage: 2 after_block: 1 } position { stage: 1 after_block: 2 } }";
    String message = error(search);
    assertTrue(message.contains("search.position[1]: stage 1 after_block 2 does not come after "
        + "position[0] (stage 2 after_block 1)"), message);
    String same = search.replace("position { stage: 1 after_block: 2 }",
        "position { stage: 2 after_block: 1 }");
    assertTrue(error(same).contains("search.position[1]: stage 2 after_block 1 does not come "
        + "after"), error(same));
    validate(search.replace("position { stage: 1 after_block: 2 }",
        "position { stage: 2 after_block: 2 }"));
  }

  @Test
  void architectureFilesWithPositionsOutOfOrderAreRefused(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path arch = dir.resolve("a.textproto");
    java.nio.file.Files.writeString(arch, """
        backbone { resnet { depth: 14 } }
        layer { operation: "identity" connection: false connection: false }
        layer { operation: "identity" connection: false connection: false }
        position { stage: 3 after_block: 1 }
        position { stage: 1 after_block: 1 }
        """);
    String message = error(VALID.replace("name: \"s\"", "name: \"s\" architecture_file: \""
        + arch + "\""));
    assertTrue(message.contains("student[0].architecture_file: " + arch + ": position 2 (stage 1 "
        + "after_block 1) does not come after position 1 in network order"), message);
    java.nio.file.Files.writeString(arch, java.nio.file.Files.readString(arch)
        .replace("stage: 1 after_block: 1", "stage: 3 after_block: 3"));
    assertTrue(error(VALID.replace("name: \"s\"", "name: \"s\" architecture_file: \"" + arch
        + "\"")).contains("position 2 (stage 3 after_block 3) is outside resnet-14: stages 1 to "
        + "3, blocks 1 to 2"));
  }

  @Test
  void resolvedSpecWritesOutEveryDefault() {
    RunSpec spec = validate(VALID);
    assertEquals(32, spec.getStudent(0).getModel().getResnet().getDepth());
    assertTrue(spec.getStudent(0).getTraining().getLearningRate().hasCosine());
    assertEquals("2.0", spec.getStudent(0).getLoss().getParamsOrThrow("temperature"));
    assertEquals("0.9", spec.getStudent(0).getLoss().getParamsOrThrow("alpha"));
    assertEquals("mean-probabilities",
        spec.getStudent(0).getLoss().getParamsOrThrow("combination"));
    assertEquals(8, spec.getData().getTeacherViews());
    assertTrue(spec.getData().getAugmentation().hasCropPadding());
  }

  @Test
  void syntaxErrorsNameLineColumnAndAllowedFields() {
    String message = error("name: \"t\"\ndata {\n  synthetic { clases: 4 }\n}\n");
    assertTrue(message.startsWith("spec.textproto:3:"), message);
    assertTrue(message.contains("unknown field 'clases' in SyntheticDataSpec; allowed: classes,"),
        message);
  }

  @Test
  void unknownLossListsTheInstalledOnes() {
    String message = error(VALID.replace("\"oracle-kd\"", "\"orcale-kd\""));
    assertTrue(message.matches("spec\\.textproto:6:\\d+: student\\[0\\]\\.loss\\.name: "
        + "'orcale-kd' is not an installed loss; installed: .*cross-entropy.*"), message);
    assertTrue(message.contains("oracle-kd"), message);
  }

  @Test
  void badPluginParameterSaysWhatIsAllowed() {
    String message = error(VALID.replace("value: \"2\"", "value: \"-1\""));
    assertTrue(message.contains("student[0].loss.params"), message);
    assertTrue(message.contains("'-1' is not allowed for temperature: expected a number in"),
        message);
  }

  @Test
  void badValuesPointAtTheirLine() {
    String message = error(VALID.replace("name: \"s\"",
        "name: \"s\"\n  model { resnet { depth: 33 } }"));
    assertTrue(message.startsWith("spec.textproto:6:20: student[0].model.resnet.depth: 33 is "
        + "not allowed; a CIFAR ResNet has depth 6n+2"), message);
  }

  @Test
  void missingPiecesAreNamed() {
    assertTrue(error("student { loss { name: \"cross-entropy\" } }")
        .contains("data: a data source is required"));
    assertTrue(error("data { synthetic { } }").contains("student: at least one student"));
    assertTrue(error(VALID.replace("teachers { count: 2 }", "teachers { count: 0 }"))
        .contains("teachers.count: 0 is not allowed"));
    assertTrue(error(VALID.replace("synthetic { classes: 4 }",
        "image_folder { path: \"/nonexistent/x\" }"))
        .contains("data.image_folder.path: directory /nonexistent/x does not exist"));
  }

  @Test
  void bfloat16IsRefusedWhereItWouldRunEmulated() {
    String spec = VALID.replace("student {", "device { precision: BF16 }\nstudent {");
    String avx2 = "model name\t: AMD EPYC\nflags\t\t: fpu avx2 fma\n";
    String amx = "model name\t: Xeon 8480\nflags\t\t: avx2 avx512f avx512_bf16 amx_bf16\n";
    String noUnits = bf16Error(spec, avx2, "1");
    assertTrue(noUnits.matches("spec.textproto:[0-9:]* device.precision: BF16 needs a CPU with "
        + "bfloat16 units \\(AMX-BF16 or AVX512-BF16\\) and this one \\(AMD EPYC\\) has none.*"),
        noUnits);
    String noOneDnn = bf16Error(spec, amx, "0");
    assertTrue(noOneDnn.contains(" device.precision: BF16 needs TensorFlow's oneDNN kernels"),
        noOneDnn);
    RunPlan plan = new SpecValidator(SpecSource.parse("spec.textproto", spec), registry,
        CpuFeatures.parse(amx, Map.of("TF_ENABLE_ONEDNN_OPTS", "1"))).validate();
    assertEquals(DeviceSpec.Precision.BF16, plan.spec().getDevice().getPrecision());
    assertEquals(DeviceSpec.Precision.FP32, validate(VALID).getDevice().getPrecision(),
        "float32 unless asked");
  }

  @Test
  void singleThreadedOneDnnIsRefusedWithoutAvx512() {
    String spec = VALID.replace("student {", "device { intra_op_threads: 1 }\nstudent {");
    String avx2 = "model name\t: AMD EPYC\nflags\t\t: fpu avx2 fma\n";
    String message = assertThrows(SpecException.class, () -> new SpecValidator(
        SpecSource.parse("spec.textproto", spec), registry,
        CpuFeatures.parse(avx2, Map.of("TF_ENABLE_ONEDNN_OPTS", "1"))).validate()).getMessage();
    assertTrue(message.contains("device.intra_op_threads: 1 is not allowed with oneDNN's "
        + "kernels on a CPU without AVX-512"), message);
    // TensorFlow's default kernels, or oneDNN with AVX-512: allowed
    new SpecValidator(SpecSource.parse("spec.textproto", spec), registry,
        CpuFeatures.parse(avx2, Map.of("TF_ENABLE_ONEDNN_OPTS", "0"))).validate();
    new SpecValidator(SpecSource.parse("spec.textproto", spec), registry, CpuFeatures.parse(
        avx2.replace("avx2", "avx2 avx512f"), Map.of("TF_ENABLE_ONEDNN_OPTS", "1"))).validate();
  }

  private String bf16Error(String spec, String cpuinfo, String oneDnn) {
    return assertThrows(SpecException.class, () -> new SpecValidator(
        SpecSource.parse("spec.textproto", spec), registry,
        CpuFeatures.parse(cpuinfo, Map.of("TF_ENABLE_ONEDNN_OPTS", oneDnn))).validate())
        .getMessage();
  }

  @Test
  void shippedConfigsParseAndValidate() throws Exception {
    Path configs = Path.of("..", "configs");
    List<Path> files;
    try (Stream<Path> list = Files.list(configs)) {
      files = list.filter(f -> f.toString().endsWith(".textproto")).sorted().toList();
    }
    assertTrue(files.size() >= 5, "configs: " + files);
    for (Path file : files) {
      SpecSource source = SpecSource.read(file);
      RunSpec spec = source.spec();
      if (!dataPresent(spec)) {
        // The data is not on this machine: check everything else against generated data.
        RunSpec.Builder b = spec.toBuilder();
        b.getDataBuilder().setSynthetic(io.kdas.proto.SyntheticDataSpec.newBuilder()
            .setTrainExamples(20000));
        source = source.withSpec(b.build());
      }
      new SpecValidator(source, registry).validate();
    }
  }

  @Test
  void paperConfigsPointAtTheOfficialLayouts() {
    RunSpec cifar = SpecSource.read(Path.of("..", "configs", "cifar100-kdas.textproto")).spec();
    assertTrue(cifar.getData().getCifar100().getPath().endsWith("cifar-100-binary"));
    RunSpec tiny =
        SpecSource.read(Path.of("..", "configs", "tinyimagenet-kdas.textproto")).spec();
    assertTrue(tiny.getData().getTinyImagenet().getPath().endsWith("tiny-imagenet-200"));
    for (RunSpec spec : List.of(cifar, tiny)) {
      assertEquals(5, spec.getTeachers().getCount());
      assertEquals(32, spec.getTeachers().getModel().getResnet().getDepth());
      assertEquals(32, spec.getSearch().getBackbone().getResnet().getDepth());
      assertEquals("oracle-kd", spec.getSearch().getLoss().getName());
      assertTrue(spec.getSearch().getBudget().getLimit() > 0, "a memory budget");
      assertTrue(spec.getStudent(0).getSearched());
    }
  }

  private static boolean dataPresent(RunSpec spec) {
    var d = spec.getData();
    String path = switch (d.getSourceCase()) {
      case IMAGE_FOLDER -> d.getImageFolder().getPath();
      case CIFAR10 -> d.getCifar10().getPath();
      case CIFAR100 -> d.getCifar100().getPath();
      case TINY_IMAGENET -> d.getTinyImagenet().getPath();
      default -> ".";
    };
    return Files.exists(Path.of(path));
  }
}
