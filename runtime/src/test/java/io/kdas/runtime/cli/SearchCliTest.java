package io.kdas.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searches end to end from the command line, and retraining a searched architecture. */
class SearchCliTest {

  @TempDir Path dir;

  private static final String SPEC = """
      name: "search"
      seed: 4
      data { synthetic { classes: 4 train_examples: 256 test_examples: 64 image_size: 8 } teacher_views: 2 }
      teachers { count: 2 model { resnet { depth: 8 width: 4 } } training { epochs: 1 batch_size: 32 } }
      search {
        strategy { name: "%s" }
        validation_examples: 64
        trials: 3
        child_training { epochs: 1 batch_size: 32 }
        shared_epochs: 1
        controller_steps: 3
        final_candidates: 2
        shared_training { batch_size: 32 }
        budget { measure: PARAMETERS limit: %d mode: HARD }
      }
      student {
        name: "kdas"
        searched: true
        model { resnet { depth: 8 width: 4 } }
        loss { name: "oracle-kd" }
        training { epochs: 1 batch_size: 32 }
      }
      device { intra_op_threads: 1 inter_op_threads: 1 }
      """;

  private static String[] outErr(String... args) {
    CliOutcome r = CliOutcome.kdas(args);
    return new String[] {"" + r.code(), r.out(), r.err()};
  }

  private Path run(String strategy, long limit) throws Exception {
    return run(strategy, SPEC.formatted(strategy, limit));
  }

  /** Runs {@code specText} (which must succeed); returns its run folder. */
  private Path run(String name, String specText) throws Exception {
    Path spec = dir.resolve(name + ".textproto");
    Files.writeString(spec, specText);
    Path runs = dir.resolve("runs-" + name);
    String[] r = outErr("run", spec.toString(), "--output", runs.toString());
    assertEquals("0", r[0], r[2]);
    try (Stream<Path> list = Files.list(runs)) {
      return list.findFirst().orElseThrow();
    }
  }

  @Test
  void sharedWeightSearchRecordsEveryTrialAndExportsTheSearchedStudent() throws Exception {
    Path run = run("reinforce", 0);
    List<String> trials = Files.readAllLines(run.resolve("search/trials.csv"));
    assertEquals(1 + 3 + 2, trials.size(), "3 controller steps and 2 finalists: " + trials);
    assertTrue(trials.get(trials.size() - 1).contains(",final,"), trials.toString());
    assertTrue(Files.exists(run.resolve("search/best-1.textproto")));
    assertTrue(Files.exists(run.resolve("search/strategy-state.bin")));
    assertTrue(Files.exists(run.resolve("students/kdas/saved_model/saved_model.pb")));
    assertTrue(Files.readString(run.resolve("students/kdas/architecture.textproto"))
        .contains("backbone"));
    assertTrue(Files.readString(run.resolve("summary.md")).contains("## Architecture search"));
    checkTrialsInTensorBoard(run, trials);
    String report = Files.readString(run.resolve("report.html"));
    for (String chart : List.of("Search: reward by trial", "Validation accuracy against model "
        + "bytes", "Validation accuracy against MACs", "Test top-1 by epoch")) {
      assertTrue(report.contains("<figcaption>" + chart + "</figcaption>"), chart);
    }
  }

  /** Each trial's reward, accuracy and size are TensorBoard scalars at its index. */
  private static void checkTrialsInTensorBoard(Path run, List<String> trials) throws Exception {
    java.util.Map<Long, java.util.Map<String, Float>> steps = new java.util.HashMap<>();
    try (Stream<Path> files = Files.list(run.resolve("tensorboard/search"))) {
      for (Path f : files.toList()) {
        for (org.tensorflow.proto.Event e : io.kdas.runtime.report.EventFile.read(f)) {
          for (org.tensorflow.proto.Summary.Value v : e.getSummary().getValueList()) {
            steps.computeIfAbsent(e.getStep(), k -> new java.util.HashMap<>())
                .put(v.getTag(), v.getSimpleValue());
          }
        }
      }
    }
    double best = Double.NEGATIVE_INFINITY;
    for (String row : trials.subList(1, trials.size())) {
      String[] c = row.split(",");
      java.util.Map<String, Float> at = steps.get(Long.parseLong(c[0]));
      best = Math.max(best, Double.parseDouble(c[3]));
      assertEquals(Double.parseDouble(c[3]), at.get("trial/reward"), 1e-5, row);
      assertEquals(Double.parseDouble(c[4]), at.get("trial/validation_accuracy"), 1e-5, row);
      assertEquals(Double.parseDouble(c[6]), at.get("trial/model_bytes"), 0.5, row);
      assertEquals(best, at.get("trial/best_reward"), 1e-5, row);
    }
    assertEquals(trials.size() - 1, steps.size());
    Float sharedLoss = steps.get(1L).get("train/loss");
    assertTrue(sharedLoss != null && sharedLoss > 0 && Float.isFinite(sharedLoss),
        "the shared weights' epoch 1 is in the search's run: " + steps.get(1L));
  }

  @Test
  void paretoExportsRetrainArchitecturesThatNoOtherBeatsInSizeAndAccuracy() throws Exception {
    Path run = run("pareto", SPEC.formatted("random", 1_000_000)
        .replace("trials: 3", "trials: 6\n  pareto_exports: 2"));
    List<String[]> scored = Files.readAllLines(run.resolve("search/trials.csv")).stream()
        .skip(1).map(l -> l.split(",", -1)).filter(c -> c[10].isEmpty() && !c[1].equals(
            "duplicate")).toList();
    String best = io.kdas.runtime.model.Architectures.describe(readArchitecture(
        run.resolve("students/kdas/architecture.textproto")));
    String summary = Files.readString(run.resolve("summary.md"));
    List<String[]> others = scored.stream().filter(c -> !c[2].equals(best)).toList();
    long front = others.stream().filter(c -> others.stream().noneMatch(o ->
        dominates(o, c))).map(c -> c[6] + "/" + c[4]).distinct().count();
    int expected = (int) Math.min(2, front);
    assertTrue(expected >= 1, "a front of " + front);
    assertTrue(!Files.exists(run.resolve("students/pareto-" + (expected + 1))),
        "no more than asked for, nor than the front holds");
    for (int k = 1; k <= expected; k++) {
      String name = "pareto-" + k;
      assertTrue(Files.exists(run.resolve("students/" + name + "/saved_model/saved_model.pb")));
      assertTrue(summary.contains("| " + name + " | resnet-8x4+"), summary);
      String arch = io.kdas.runtime.model.Architectures.describe(readArchitecture(
          run.resolve("students/" + name + "/architecture.textproto")));
      assertTrue(!arch.equals(best), "the best one is the searched student already");
      String[] row = scored.stream().filter(c -> c[2].equals(arch)).findFirst().orElseThrow();
      assertTrue(summary.contains("| " + name + " | " + arch + " | "), "the summary names "
          + name + "'s architecture: " + summary);
      for (String[] other : others) {
        assertTrue(!dominates(other, row), arch + " is beaten by " + other[2]);
      }
    }
  }

  /** Whether trial row {@code a} is at most as large and more accurate, or smaller and as good. */
  private static boolean dominates(String[] a, String[] b) {
    long ba = Long.parseLong(a[6]);
    long bb = Long.parseLong(b[6]);
    double aa = Double.parseDouble(a[4]);
    double ab = Double.parseDouble(b[4]);
    return (ba <= bb && aa > ab) || (ba < bb && aa >= ab);
  }

  private static io.kdas.proto.Architecture readArchitecture(Path file) throws Exception {
    io.kdas.proto.Architecture.Builder b = io.kdas.proto.Architecture.newBuilder();
    com.google.protobuf.TextFormat.merge(Files.readString(file), b);
    return b.build();
  }

  @Test
  void independentSearchHonorsAHardBudgetAndTheArchitectureRetrains() throws Exception {
    // The backbone has 5,112 parameters: the limit excludes the largest children only.
    Path run = run("random", 7000);
    List<String> trials = Files.readAllLines(run.resolve("search/trials.csv"));
    long trained = trials.stream().skip(1).filter(l -> !l.contains("over budget")).count();
    assertEquals(3, trained, trials.toString());
    for (String line : trials.subList(1, trials.size())) {
      String[] f = line.split(",");
      if (!line.contains("over budget")) {
        assertTrue(Long.parseLong(f[5]) <= 7000, line);
      } else {
        assertEquals("", f[4], "a child never trained has no accuracy: " + line);
      }
    }
    Path best = run.resolve("search/best-1.textproto");
    Path spec = dir.resolve("random.textproto");
    String[] r = outErr("train", spec.toString(), "--arch", best.toString(), "--output",
        dir.resolve("retrain").toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("kdas: test top-1"), r[1]);
  }

  @Test
  void aChildWhoseOperationFailsToBuildIsAFailedTrialAndTheSearchGoesOn() throws Exception {
    Path spec = dir.resolve("failing.textproto");
    // Width 4: stage 1 has 4 channels (builds), stages 2 and 3 have 8 and 16 (16 throws).
    Files.writeString(spec, SPEC.formatted("random", 0).replace("trials: 3",
        "trials: 6\n  operation: \"identity\"\n  operation: \"fails-when-wide\""));
    Path runs = dir.resolve("runs-failing");
    String[] r = outErr("run", spec.toString(), "--output", runs.toString());
    assertEquals("0", r[0], r[2]);
    Path run;
    try (Stream<Path> list = Files.list(runs)) {
      run = list.findFirst().orElseThrow();
    }
    List<String> trials = Files.readAllLines(run.resolve("search/trials.csv"));
    assertEquals(1 + 6, trials.size(), trials.toString());
    assertTrue(trials.stream().anyMatch(l -> l.contains("fails-when-wide cannot handle 16")),
        trials.toString());
    assertTrue(trials.stream().skip(1).anyMatch(l -> !l.contains("fails-when-wide cannot")),
        "some children trained: " + trials);
    assertTrue(Files.exists(run.resolve("students/kdas/saved_model/saved_model.pb")));
  }

  @Test
  void spacePrintsTheSizeOfTheSpace() throws Exception {
    Path spec = dir.resolve("space.textproto");
    Files.writeString(spec, SPEC.formatted("reinforce", 0));
    String[] r = outErr("space", spec.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("size: 2^(2*3) * 7^3 = 21,952 architectures"), r[1]);
  }
}
