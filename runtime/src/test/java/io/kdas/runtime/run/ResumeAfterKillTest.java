package io.kdas.runtime.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills complete runs with SIGKILL at points spread over every stage (teacher training steps,
 * checkpoint writes, teacher exports, search trials and shared-weight epochs, store saves,
 * student training and exports), resumes each time with {@code kdas run --resume}, and checks
 * that the run finishes with exactly the outputs of an uninterrupted run: bit-identical student
 * SavedModel variables, the same trials.csv and metrics.csv rows (timings aside).
 *
 * <p>Each attempt runs in a child JVM started with {@code KDAS_PAUSE_AT=<point>:<n>}: it
 * announces the pause on standard error and waits, and the test kills it there
 * ({@link Process#destroyForcibly}, SIGKILL on Linux). Threads are 1 and 1, so uninterrupted
 * runs are themselves bit-reproducible.
 */
class ResumeAfterKillTest {

  @TempDir Path dir;

  private static final String BASE = """
      name: "kill"
      seed: 5
      device { intra_op_threads: 1 inter_op_threads: 1 }
      %s
      data { synthetic { classes: 4 train_examples: 192 test_examples: 64 image_size: 8 } teacher_views: 2 }
      teachers { count: 2 model { resnet { depth: 8 width: 4 } } training { epochs: 2 batch_size: 32 } }
      search {
        strategy { name: "%s" }
        validation_examples: 64
        trials: 3
        child_training { epochs: 2 batch_size: 32 }
        shared_epochs: 2
        controller_steps: 3
        final_candidates: 2
        shared_training { batch_size: 32 }
      }
      student {
        name: "kdas"
        searched: true
        model { resnet { depth: 8 width: 4 } }
        loss { name: "oracle-kd" }
        training { epochs: 2 batch_size: 32 }
      }
      student {
        name: "plain"
        model { resnet { depth: 8 width: 4 } }
        loss { name: "cross-entropy" }
        training { epochs: 2 batch_size: 32 }
      }
      """;

  @Test
  void independentSearchRunResumesToTheSameResults() throws Exception {
    // 8 kills: a teacher mid-epoch, during its checkpoint write, after its export, the second
    // teacher mid-epoch, after the teacher predictions' shard was written (before its record),
    // after a trial, a training mid-epoch (a child or a student), after a student's export.
    checkResume("random", "", List.of("train-step:3", "checkpoint-write:1", "teacher-exported:1",
        "train-step:4", "predictions-shard:1", "search-trial:1", "train-step:5",
        "student-exported:1"));
  }

  @Test
  void sharedWeightSearchRunResumesToTheSameResults() throws Exception {
    // 6 kills: teachers, a shared-weight step, the shared checkpoint write, after a shared epoch,
    // a student's checkpoint write and a student step; trainings also checkpoint every 2 steps
    // (6 per epoch here), so most of these resume inside an epoch.
    checkResume("reinforce", "checkpoint { every_steps: 2 }", List.of("teacher-exported:2", "train-step:4",
        "checkpoint-write:1", "search-epoch:1", "checkpoint-write:2", "train-step:3"));
  }

  private void checkResume(String strategy, String extra, List<String> points)
      throws Exception {
    Path spec = Files.writeString(dir.resolve(strategy + ".textproto"),
        BASE.formatted(extra, strategy));
    Path reference = finish(start(spec, dir.resolve("reference"), null, null));

    Path runs = dir.resolve("killed");
    Path run = null;
    StringBuilder logs = new StringBuilder();
    for (String point : points) {
      Process p = start(spec, runs, run, point);
      logs.append(awaitPause(p, point));
      if (run == null) {
        try (Stream<Path> list = Files.list(runs)) {
          run = list.filter(Files::isDirectory).findFirst().orElseThrow();
        }
      }
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    finish(start(spec, runs, run, null));
    logs.append(Files.readString(run.resolve("log.txt"))); // every attempt appends to it
    if (!extra.isEmpty()) {
      assertTrue(logs.toString().matches("(?s).*continuing from its checkpoint after \\d+ "
          + "epochs and [1-9]\\d* steps.*"), "some attempt resumed inside an epoch: "
          + logs.toString().lines().filter(l -> l.contains("continuing") || l.contains("paused"))
              .toList());
    }

    assertTrue(Files.readString(run.resolve("summary.md")).contains("\nStatus: finished\n"));
    for (String student : List.of("kdas", "plain")) {
      assertArrayEquals(variables(reference, student), variables(run, student),
          "student " + student + " after " + points.size() + " kills");
    }
    assertEquals(withoutTimings(reference.resolve("search/trials.csv"), 8, 9),
        withoutTimings(run.resolve("search/trials.csv"), 8, 9));
    assertEquals(withoutTimings(reference.resolve("metrics.csv"), 9, 10),
        withoutTimings(run.resolve("metrics.csv"), 9, 10));
  }

  @Test
  void aRunInUseAChangedSpecAndAnUnfinishedTeacherSetAreRefused() throws Exception {
    Path spec = Files.writeString(dir.resolve("small.textproto"), BASE.formatted("", "random"));
    Path runs = dir.resolve("runs");
    Process first = start(spec, runs, null, "teacher-exported:2");
    awaitPause(first, "teacher-exported:2");
    Path run;
    try (Stream<Path> list = Files.list(runs)) {
      run = list.filter(Files::isDirectory).findFirst().orElseThrow();
    }

    String busy = refused(start(spec, runs, run, null));
    assertEquals("kdas: error: run folder " + run + " is in use by process " + first.pid()
        + ": wait for it to end, or stop it", busy);
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertTrue(Files.readString(run.resolve("summary.md")).contains("Status: running: training "
        + "teachers (process " + first.pid() + "; if it is gone, the run was interrupted: resume "
        + "with 'kdas run --resume " + run + "')"));

    Path changed = Files.writeString(dir.resolve("changed.textproto"), BASE.formatted("",
        "random").replace("training { epochs: 2 batch_size: 32 } }",
        "training { epochs: 3 batch_size: 32 } }"));
    String refusedSpec = refused(start(changed, runs, run, null));
    assertTrue(refusedSpec.startsWith("kdas: error: cannot resume " + run + " with this spec: "
        + "teachers.training.epochs: 2 before, 3 now"), refusedSpec);

    // teacher-2 was exported but the run was killed before recording it as done.
    Process reuse = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), "io.kdas.runtime.cli.KdasCli",
        "run", spec.toString(), "--teachers", run.resolve("teachers").toString(), "--output",
        dir.resolve("other").toString()).redirectErrorStream(true).start();
    String partial = refused(reuse);
    assertTrue(partial.startsWith("kdas: error: " + run.resolve("teachers/teacher-2")
        + " is a teacher its run did not finish"), partial);

    Process again = start(spec, runs, null, "train-step:1");
    String log = awaitPause(again, "train-step:1");
    again.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertTrue(log.contains(run + " holds an unfinished run of this spec: resume it with 'kdas "
        + "run --resume " + run + "'"), log);

    Process stopped = start(spec, runs, run, "train-step:2");
    awaitPause(stopped, "train-step:2");
    stopped.destroy(); // SIGTERM, as Ctrl-C or a scheduler would
    stopped.waitFor(30, TimeUnit.SECONDS);
    assertTrue(Files.readString(run.resolve("summary.md")).contains(
        "Status: interrupted; resume with 'kdas run --resume " + run + "'"));
  }

  /** The one error line of a refused attempt, which must exit with 2. */
  private static String refused(Process p) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(2, p.exitValue(), tail(out));
    List<String> errors = out.lines().filter(l -> l.startsWith("kdas: ")).toList();
    assertEquals(1, errors.size(), tail(out));
    return errors.get(0);
  }

  /** Starts {@code kdas run} (a new run in {@code runs}, or resuming {@code run}). */
  private static Process start(Path spec, Path runs, Path run, String pauseAt)
      throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-cp",
        System.getProperty("java.class.path"), "io.kdas.runtime.cli.KdasCli", "run",
        spec.toString()));
    if (run == null) {
      command.addAll(List.of("--output", runs.toString()));
    } else {
      command.addAll(List.of("--resume", run.toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    if (pauseAt != null) {
      builder.environment().put("KDAS_PAUSE_AT", pauseAt);
    } else {
      builder.environment().remove("KDAS_PAUSE_AT");
    }
    return builder.start();
  }

  /** Reads the output until the pause is announced (the process then waits to be killed). */
  private static String awaitPause(Process p, String point) throws IOException {
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String name = point.substring(0, point.indexOf(':'));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      seen.append(line).append('\n');
      if (line.startsWith("kdas: paused at " + name)) {
        return seen.toString();
      }
    }
    return fail("the run ended without pausing at " + point + ":\n" + tail(seen));
  }

  /** Waits for a run to finish; returns its folder. */
  private static Path finish(Process p) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), tail(out));
    String line = out.lines().filter(l -> l.startsWith("run directory: ")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no run directory in:\n" + tail(out)));
    return Path.of(line.substring("run directory: ".length()));
  }

  private static byte[] variables(Path run, String student) throws IOException {
    Path folder = run.resolve("students/" + student + "/saved_model/variables");
    try (Stream<Path> list = Files.list(folder)) {
      Path data = list.filter(f -> f.getFileName().toString().startsWith("variables.data"))
          .findFirst().orElseThrow();
      return Files.readAllBytes(data);
    }
  }

  /** The rows of a CSV without the given (0-based) timing columns, sorted. */
  private static List<String> withoutTimings(Path csv, int... timing) throws IOException {
    List<String> rows = new ArrayList<>();
    for (String line : Files.readAllLines(csv)) {
      String[] cells = line.split(",", -1);
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < cells.length; i++) {
        boolean skip = false;
        for (int t : timing) {
          skip |= t == i;
        }
        row.append(skip ? "_" : cells[i]).append(',');
      }
      rows.add(row.toString());
    }
    rows.sort(null);
    return rows;
  }

  private static String tail(CharSequence text) {
    String s = text.toString();
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }
}
