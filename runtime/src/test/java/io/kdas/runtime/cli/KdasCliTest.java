package io.kdas.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, as a user runs it. */
class KdasCliTest {

  @TempDir Path dir;

  private static CliOutcome kdas(String... args) {
    return CliOutcome.kdas(args);
  }

  @Test
  void freshViewsRunTheTeachersOnTheStudentsOwnImages() throws Exception {
    Path spec = dir.resolve("fresh.textproto");
    Files.writeString(spec, """
        name: "fresh"
        seed: 3
        data { synthetic { classes: 4 train_examples: 256 test_examples: 64 image_size: 8 } view_mode: FRESH }
        teachers { count: 2 model { resnet { depth: 8 width: 4 } } training { epochs: 1 batch_size: 32 } }
        student { name: "a" model { resnet { depth: 8 width: 4 } } loss { name: "oracle-kd" } training { epochs: 2 batch_size: 32 } }
        student { name: "b" seed_offset: 1 model { resnet { depth: 8 width: 4 } } loss { name: "oracle-kd" } training { epochs: 2 batch_size: 32 } }
        device { intra_op_threads: 1 inter_op_threads: 1 }
        """);
    CliOutcome r = kdas("run", spec.toString(), "--output", dir.resolve("fresh").toString());
    assertEquals(0, r.code(), r.err());
    Path run;
    try (Stream<Path> runs = Files.list(dir.resolve("fresh"))) {
      run = runs.findFirst().orElseThrow();
    }
    String log = Files.readString(run.resolve("log.txt"));
    assertTrue(!log.contains("teacher predictions for epoch"), "fresh views store nothing");
    try (Stream<Path> files = Files.list(run.resolve("teachers"))) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("predictions-")));
    }
    assertTrue(Files.readString(run.resolve("summary.md")).contains("Status: finished"));
  }

  @Test
  void normalizeFalseLeavesTheExportedInputUnnormalized() throws Exception {
    Path spec = dir.resolve("raw.textproto");
    Files.writeString(spec, """
        name: "raw"
        data {
          synthetic { classes: 4 train_examples: 128 test_examples: 32 image_size: 8 }
          augmentation { normalize: false }
        }
        student { name: "s" model { resnet { depth: 8 width: 4 } } loss { name: "cross-entropy" } training { epochs: 1 batch_size: 32 } }
        """);
    CliOutcome r = kdas("run", spec.toString(), "--output", dir.resolve("raw").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("input normalization: none (data.augmentation.normalize: "
        + "false)"), r.err());
    Path run;
    try (Stream<Path> runs = Files.list(dir.resolve("raw"))) {
      run = runs.findFirst().orElseThrow();
    }
    // The exported graph's normalization constants: mean 0 and standard deviation 1.
    org.tensorflow.proto.SavedModel model = org.tensorflow.proto.SavedModel.parseFrom(
        Files.readAllBytes(run.resolve("students/s/saved_model/saved_model.pb")));
    List<List<Float>> constants = model.getMetaGraphs(0).getGraphDef().getNodeList().stream()
        .filter(n -> n.getName().contains("normalize/") && n.getOp().equals("Const"))
        .map(n -> floats(n.getAttrMap().get("value").getTensor())).toList();
    assertEquals(List.of(List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)), constants);
  }

  /** A float tensor's values, stored as a list or as little-endian bytes. */
  private static List<Float> floats(org.tensorflow.proto.TensorProto t) {
    if (t.getFloatValCount() > 0) {
      return t.getFloatValList();
    }
    java.nio.FloatBuffer b = t.getTensorContent().asReadOnlyByteBuffer()
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    List<Float> out = new java.util.ArrayList<>();
    while (b.hasRemaining()) {
      out.add(b.get());
    }
    return out;
  }

  @Test
  void runWritesEveryArtifact() throws Exception {
    Path spec = dir.resolve("tiny.textproto");
    Files.writeString(spec, """
        name: "tiny"
        seed: 3
        data { synthetic { classes: 4 train_examples: 256 test_examples: 64 image_size: 8 } teacher_views: 2 }
        teachers {
          count: 2
          model { resnet { depth: 8 width: 4 } }
          training { epochs: 1 batch_size: 32 }
        }
        student {
          name: "oracle"
          model { resnet { depth: 8 width: 4 } }
          loss { name: "oracle-kd" }
          training { epochs: 2 batch_size: 32 }
        }
        device { intra_op_threads: 1 inter_op_threads: 1 }
        """);
    CliOutcome r = kdas("run", spec.toString(), "--output", dir.resolve("runs").toString());
    assertEquals(0, r.code(), r.err());
    Path run;
    try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
      run = runs.findFirst().orElseThrow();
    }
    for (String file : List.of("spec.textproto", "resolved-spec.textproto", "provenance.txt",
        "log.txt", "metrics.csv", "summary.md", "teachers/teacher-1/saved_model.pb",
        "teachers/teacher-2/saved_model.pb", "students/oracle/saved_model/saved_model.pb")) {
      assertTrue(Files.exists(run.resolve(file)), "missing " + file);
    }
    List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals(1 + 1 + 1 + 2, metrics.size(), "header + 2 teacher epochs + 2 student epochs");
    String summary = Files.readString(run.resolve("summary.md"));
    assertTrue(summary.contains("oracle (any teacher right)"), summary);
    assertTrue(summary.contains("| oracle | resnet-8x4 | oracle-kd"), summary);
    // 256 training examples x 2 stored views, each right by all, some or none of the teachers
    java.util.regex.Matcher agreement = java.util.regex.Pattern.compile("\\| all \\| [0-9.]+ % "
        + "\\| ([0-9,]+) \\|\n\\| some \\| [0-9.]+ % \\| ([0-9,]+) \\|\n\\| none [^|]*\\| "
        + "[0-9.]+ % \\| ([0-9,]+) \\|").matcher(summary);
    assertTrue(agreement.find(), summary);
    assertEquals(512, Integer.parseInt(agreement.group(1).replace(",", ""))
        + Integer.parseInt(agreement.group(2).replace(",", ""))
        + Integer.parseInt(agreement.group(3).replace(",", "")));
    assertTrue(Files.readString(run.resolve("log.txt")).contains("oracle epoch 2/2"));
    assertTrue(r.out().contains("oracle: test top-1 "), r.out());
    assertTrue(!Files.exists(run.resolve("checkpoints")), "temporary checkpoints removed");
    checkTensorBoard(run, metrics);
    String report = Files.readString(run.resolve("report.html"));
    assertTrue(report.contains("<td>oracle</td><td>resnet-8x4</td><td>oracle-kd"), report);
    assertTrue(report.contains("Test top-1 by epoch") && report.contains("<svg"),
        "learning curves drawn");
    assertTrue(!report.contains("<script") && !report.contains("src=\"http")
        && !report.contains("href=\"http"), "self-contained: no scripts, nothing fetched");
  }

  /** Every metrics.csv row is in its model's TensorBoard log; the student's graph too. */
  private static void checkTensorBoard(Path run, List<String> metrics) throws Exception {
    java.util.Map<String, java.util.Map<String, Float>> scalars = new java.util.HashMap<>();
    boolean graph = false;
    for (String model : List.of("teacher-1", "teacher-2", "oracle")) {
      Path folder = run.resolve("tensorboard").resolve(model);
      List<Path> files;
      try (Stream<Path> list = Files.list(folder)) {
        files = list.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents."))
            .toList();
      }
      assertEquals(1, files.size(), "one event file per model and process: " + files);
      for (org.tensorflow.proto.Event e : io.kdas.runtime.report.EventFile.read(files.get(0))) {
        graph |= model.equals("oracle") && !e.getGraphDef().isEmpty();
        for (org.tensorflow.proto.Summary.Value v : e.getSummary().getValueList()) {
          scalars.computeIfAbsent(model + "@" + e.getStep(), k -> new java.util.HashMap<>())
              .put(v.getTag(), v.getSimpleValue());
        }
      }
    }
    assertTrue(graph, "the student's graph is logged");
    assertEquals(metrics.size() - 1, scalars.size(), "one step per epoch: " + scalars.keySet());
    for (String row : metrics.subList(1, metrics.size())) {
      String[] c = row.split(",");
      java.util.Map<String, Float> at = scalars.get(c[0] + "@" + c[1]);
      assertEquals(Double.parseDouble(c[4]), at.get("train/loss"), 1e-5, row);
      assertEquals(Double.parseDouble(c[5]), at.get("train/accuracy"), 1e-5, row);
      assertEquals(Double.parseDouble(c[7]), at.get(c[6] + "/top1"), 1e-5, row);
      assertEquals(Double.parseDouble(c[8]), at.get(c[6] + "/top5"), 1e-5, row);
      assertEquals(Double.parseDouble(c[3]), at.get("learning_rate"), 1e-5, row);
    }
  }

  @Test
  void badSpecIsOneLineAndExitTwo() throws Exception {
    Path spec = dir.resolve("bad.textproto");
    Files.writeString(spec, "data { synthetic { } }\nstudent { loss { name: \"nope\" } }\n");
    CliOutcome r = kdas("run", spec.toString(), "--output", dir.toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("kdas: error: " + spec + ":2:"), r.err());
    assertTrue(!r.err().contains("Exception"), r.err());
  }

  @Test
  void precisionOptionOverridesTheSpecsDevicePrecision() throws Exception {
    Path spec = dir.resolve("bf16.textproto");
    Files.writeString(spec, """
        name: "bf16"
        data { synthetic { classes: 4 train_examples: 128 test_examples: 32 image_size: 8 } }
        teachers { count: 1 model { resnet { depth: 8 width: 4 } } training { epochs: 1 batch_size: 32 } }
        student { name: "a" model { resnet { depth: 8 width: 4 } } loss { name: "oracle-kd" } training { epochs: 1 batch_size: 32 } }
        device { precision: BF16 }
        """);
    // FP32 runs on every CPU, where the spec's BF16 would be refused on one without bf16 units
    CliOutcome r = kdas("run", spec.toString(), "--precision", "FP32", "--output", dir.toString());
    assertEquals(0, r.code(), r.err());
    Path run;
    try (Stream<Path> runs = Files.list(dir).filter(Files::isDirectory)) {
      run = runs.findFirst().orElseThrow();
    }
    assertTrue(Files.readString(run.resolve("resolved-spec.textproto")).contains("precision: FP32"));
    assertTrue(Files.readString(run.resolve("provenance.txt")).contains("precision: FP32"));

    CliOutcome bad = kdas("run", spec.toString(), "--precision", "FP64");
    assertEquals(2, bad.code());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains("--precision") && bad.err().contains("FP32, BF16"), bad.err());
  }

  @Test
  void searchStepBenchSaysWhichPrecisionAndCpuItTimed() {
    CliOutcome r = kdas("bench", "search-step", "--depth", "14", "--batch", "8", "--steps", "2",
        "--children", "1", "--precision", "FP32");
    assertEquals(0, r.code(), r.err());
    String header = r.out().lines().findFirst().orElseThrow();
    assertTrue(header.startsWith("resnet-14 backbone, batch 8, FP32, ") && header.contains(" CPU "),
        r.out());
    assertTrue(r.out().contains("shared model: "), r.out());
  }

  @Test
  void missingSpecFileIsNamed() {
    CliOutcome r = kdas("run", dir.resolve("absent.textproto").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("absent.textproto: no such file"), r.err());
  }

  @Test
  void pluginsListsTheBuiltInLosses() {
    CliOutcome r = kdas("plugins");
    assertEquals(0, r.code(), r.err());
    for (String name : List.of("cross-entropy", "ensemble-kd", "oracle-kd")) {
      assertTrue(r.out().contains(name), r.out());
    }
    assertTrue(r.out().contains("kdas-plugins") || r.out().contains("plugins/target/classes"),
        "origin shown: " + r.out());
  }
  @Test
  void agreementScoresTeachersAndStudentsOnTheTestExamplesGroupedByTheTeachersRight()
      throws Exception {
    Path spec = dir.resolve("agree.textproto");
    Files.writeString(spec, """
        name: "agree"
        seed: 5
        data { synthetic { classes: 4 train_examples: 256 test_examples: 64 image_size: 8 } }
        teachers { count: 2 model { resnet { depth: 8 width: 4 } } training { epochs: 1 batch_size: 32 } }
        student { name: "a" model { resnet { depth: 8 width: 4 } } loss { name: "oracle-kd" } training { epochs: 1 batch_size: 32 } }
        device { intra_op_threads: 1 inter_op_threads: 1 }
        """);
    assertEquals(0, kdas("run", spec.toString(), "--output", dir.resolve("agree").toString())
        .code());
    Path run;
    try (Stream<Path> runs = Files.list(dir.resolve("agree"))) {
      run = runs.findFirst().orElseThrow();
    }
    CliOutcome r = kdas("agreement", run.toString());
    assertEquals(0, r.code(), r.err());
    String table = Files.readString(run.resolve("agreement.md"));
    assertTrue(r.out().contains(table), r.out());
    // The groups cover the test split; each model's last column is its top-1 in the summary.
    List<String> header = cells(table.lines().filter(l -> l.startsWith("| model |"))
        .findFirst().orElseThrow());
    assertEquals("2 of 2 right (all)", header.get(1).replaceAll(" \\(\\d+\\)$", ""));
    long examples = header.subList(1, header.size() - 1).stream()
        .mapToLong(h -> Long.parseLong(h.replaceAll(".*\\((\\d+)\\)$", "$1"))).sum();
    assertEquals(64, examples, header.toString());
    String summary = Files.readString(run.resolve("summary.md"));
    for (String model : List.of("teacher-1", "teacher-2", "a")) {
      List<String> row = cells(table.lines().filter(l -> l.startsWith("| " + model + " |"))
          .findFirst().orElseThrow());
      List<String> summaryRow = cells(summary.lines()
          .filter(l -> l.startsWith("| " + model + " |")).findFirst().orElseThrow());
      int top1Column = model.equals("a") ? 3 : 2;
      assertEquals(Double.parseDouble(summaryRow.get(top1Column)),
          Double.parseDouble(row.get(row.size() - 1)), 1e-4, model);
    }
    CliOutcome bad = kdas("agreement", dir.toString());
    assertEquals(2, bad.code());
    assertEquals(List.of("kdas: error: " + dir + " is not a run folder (no resolved-spec.textproto)"),
        bad.errors());
  }

  /** The cells of a markdown table row, trimmed. */
  private static List<String> cells(String row) {
    String inner = row.substring(row.indexOf('|') + 1, row.lastIndexOf('|'));
    return List.of(inner.split("\\|")).stream().map(String::trim).toList();
  }
}
