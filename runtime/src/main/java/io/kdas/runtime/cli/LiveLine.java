package io.kdas.runtime.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A terminal with one updating status line below the log: {@link #show} redraws it in place,
 * and any other output first erases it, so log lines scroll above and the status line comes
 * back with the next update. Only for a real terminal (the launcher says when stderr is one).
 */
final class LiveLine extends OutputStream {

  private static final String ERASE = "\r\u001b[K";

  private final OutputStream terminal;
  private final int width;
  private boolean shown;

  LiveLine(OutputStream terminal, int width) {
    this.terminal = terminal;
    this.width = width;
  }

  /** Replaces the status line with {@code line} (cut to the terminal's width). */
  synchronized void show(String line) {
    try {
      String fitted = line.length() < width ? line : line.substring(0, width - 1);
      terminal.write((ERASE + fitted).getBytes(StandardCharsets.UTF_8));
      terminal.flush();
      shown = true;
    } catch (IOException e) {
      shown = false; // a closed terminal: the log file still gets every line
    }
  }

  private void erase() throws IOException {
    if (shown) {
      terminal.write(ERASE.getBytes(StandardCharsets.US_ASCII));
      shown = false;
    }
  }

  @Override
  public synchronized void write(int b) throws IOException {
    erase();
    terminal.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    erase();
    terminal.write(b, off, len);
  }

  @Override
  public synchronized void flush() throws IOException {
    terminal.flush();
  }
}
