package io.kdas.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLogTest {

  @Test
  void onATerminalProgressGoesToTheStatusLineAndTheLastLineToTheLog() throws Exception {
    List<String> status = new ArrayList<>();
    ProgressLog.showOn(status::add);
    try {
      ProgressLog p = new ProgressLog("teacher-1 epoch 1/2", 3);
      p.update(1, "loss 2.0");
      assertEquals(List.of(), status, "at most four updates a second");
      Thread.sleep(300);
      p.update(2, "loss 1.5");
      p.update(3, "loss 1.0");
      assertEquals(1, status.size(), "the last update is a log line, not the status line");
      assertTrue(status.get(0).startsWith("teacher-1 epoch 1/2  2/3 (67%)  loss 1.5  elapsed "),
          status.get(0));
    } finally {
      ProgressLog.showOn(null);
    }
  }
}
