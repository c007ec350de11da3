package io.kdas.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LiveLineTest {

  @Test
  void logLinesEraseTheStatusLineWhichUpdatesInPlace() {
    ByteArrayOutputStream tty = new ByteArrayOutputStream();
    LiveLine live = new LiveLine(tty, 12);
    PrintStream log = new PrintStream(live, true, StandardCharsets.UTF_8);
    live.show("epoch 1 10%");
    live.show("epoch 1 20% and more than fits");
    log.println("a log line");
    log.println("another");
    live.show("epoch 2");
    String e = "\r\u001b[K";
    assertEquals(e + "epoch 1 10%" + e + "epoch 1 20%" + e + "a log line\nanother\n" + e
        + "epoch 2", tty.toString(StandardCharsets.UTF_8));
  }
}
