package io.kdas.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunDirectoryTest {

  @Test
  void filesAreNamedRelativeToTheRunFromRelativeAndAbsolutePaths() throws Exception {
    // As `kdas run SPEC --teachers runs/<other>/teachers` leaves them: a relative run folder and
    // a prediction store beside the teachers, outside it (this threw "'other' is different type
    // of Path" when a store file was named from an absolute path).
    Path base = Files.createTempDirectory(Path.of("target"), "rundir");
    Path runs = base.resolve("runs");
    RunDirectory run = RunDirectory.create(runs, "r");
    Path store = runs.resolve("other/teachers/predictions-1/shard-1-of-4.bin");
    String expected = "../other/teachers/predictions-1/shard-1-of-4.bin";
    assertEquals(expected, run.relativize(store.toAbsolutePath()));
    assertEquals(expected, run.relativize(store));
    assertEquals("jobs/x.done", RunDirectory.open(run.root().toAbsolutePath())
        .relativize(run.root().resolve("jobs/x.done")));
  }
}
