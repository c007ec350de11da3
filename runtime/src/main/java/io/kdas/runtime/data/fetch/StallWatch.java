package io.kdas.runtime.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The read timeout of a response body: {@link java.net.http.HttpClient} has none once the headers
 * have arrived, so a body that stops flowing would block its reader forever. The watch closes the
 * body and interrupts the reading thread when nothing arrived for the limit; the reader then sees
 * an {@link IOException} and {@link #stalled()} says why.
 */
final class StallWatch implements AutoCloseable {

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kdas-download-watch");
        thread.setDaemon(true);
        return thread;
      });

  private final Thread reader = Thread.currentThread();
  private final InputStream body;
  private final long limitNanos;
  private final ScheduledFuture<?> task;
  private volatile long last = System.nanoTime();
  private boolean stalled;
  private boolean closed;

  /** Watches {@code body}, read by the current thread. */
  StallWatch(InputStream body, Duration limit) {
    this.body = body;
    this.limitNanos = limit.toNanos();
    long period = Math.max(10, limit.toMillis() / 4);
    task = TIMER.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /** Data arrived (or the body ended). */
  void progressed() {
    last = System.nanoTime();
  }

  /** Whether the watch stopped the body for bringing nothing within the limit. */
  synchronized boolean stalled() {
    return stalled;
  }

  private synchronized void check() {
    if (closed || stalled || System.nanoTime() - last <= limitNanos) {
      return;
    }
    stalled = true;
    try {
      body.close();
    } catch (IOException e) {
      // The body is abandoned either way.
    }
    reader.interrupt();
  }

  @Override
  public synchronized void close() {
    closed = true;
    task.cancel(false);
    if (stalled) {
      Thread.interrupted(); // the interrupt was ours, for the read it ended
    }
  }
}
