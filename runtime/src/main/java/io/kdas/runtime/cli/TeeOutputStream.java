package io.kdas.runtime.cli;

import java.io.IOException;
import java.io.OutputStream;

/** Writes everything to two streams (the terminal and the run's log file). */
final class TeeOutputStream extends OutputStream {

  private final OutputStream first;
  private final OutputStream second;

  TeeOutputStream(OutputStream first, OutputStream second) {
    this.first = first;
    this.second = second;
  }

  @Override
  public void write(int b) throws IOException {
    first.write(b);
    second.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    first.write(b, off, len);
    second.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    first.flush();
    second.flush();
  }

  @Override
  public void close() throws IOException {
    second.close(); // the terminal stays open
  }
}
