package io.kdas.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.runtime.train.Accuracy;
import io.kdas.runtime.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;

class TensorBoardLogsTest {

  @TempDir Path run;

  private List<Event> events(String model) throws Exception {
    List<Event> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(run.resolve("tensorboard").resolve(model))) {
      for (Path f : files.sorted().toList()) {
        all.addAll(EventFile.read(f));
      }
    }
    return all;
  }

  @Test
  void aResumedTrainingMarksWhereItRestartsSoTensorBoardDropsTheRest() throws Exception {
    new TensorBoardLogs(run).epoch(new EpochMetrics("s/1", 1, 3, 0.1, 2.0, 0.5, "test",
        new Accuracy(0.6, 0.9, 10), 1.0, 100));
    // A new process (a resume after a kill) continues after 1 restored epoch.
    TensorBoardLogs resumed = new TensorBoardLogs(run);
    resumed.restored("s/1", 1);
    List<Event> events = events("s_1");
    Event restart = events.stream().filter(Event::hasSessionLog).findFirst().orElseThrow();
    assertEquals(SessionLog.SessionStatus.START, restart.getSessionLog().getStatus());
    assertEquals(2, restart.getStep(), "epochs from 2 on are the resumed training's");
    assertTrue(events.indexOf(restart) > events.indexOf(events.stream()
        .filter(e -> e.getStep() == 1 && e.hasSummary()).findFirst().orElseThrow()),
        "the marker comes after what the first attempt logged");
  }

  @Test
  void aTrialWithoutAccuracyHasNoAccuracyPoint() throws Exception {
    TensorBoardLogs logs = new TensorBoardLogs(run);
    logs.trial(1, 0.0, Double.NaN, 4096, Double.NaN);
    Event e = events("search").stream().filter(Event::hasSummary).findFirst().orElseThrow();
    List<String> tags = e.getSummary().getValueList().stream().map(v -> v.getTag()).toList();
    assertTrue(tags.contains("trial/reward") && tags.contains("trial/model_bytes"), "" + tags);
    assertFalse(tags.contains("trial/validation_accuracy") || tags.contains("trial/best_reward"),
        "NaN is never drawn as a point: " + tags);
  }
}
