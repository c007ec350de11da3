package io.kdas.runtime.train;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long loop: on a terminal a status line updated in place a few times a second,
 * elsewhere (logs, CI) throttled lines, at most one every 10 seconds; the last line always.
 */
public final class ProgressLog {

  private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);
  private static final long INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();
  private static final long LIVE_INTERVAL_NANOS = Duration.ofMillis(250).toNanos();
  /** Where the status line goes when the output is a terminal; null otherwise. */
  private static volatile Consumer<String> live;

  private final String label;
  private final long total;
  private final long start = System.nanoTime();
  private long lastReport = start;

  /**
   * @param label what is being done, e.g. {@code "teacher-1 epoch 3/10"}
   * @param total how many units (steps, images) the loop has
   */
  public ProgressLog(String label, long total) {
    this.label = label;
    this.total = total;
  }

  /** Reports progress after {@code done} units; {@code detail} is appended (may be empty). */
  public void update(long done, String detail) {
    long now = System.nanoTime();
    Consumer<String> terminal = live;
    long interval = terminal != null ? LIVE_INTERVAL_NANOS : INTERVAL_NANOS;
    if (now - lastReport < interval && done < total) {
      return;
    }
    lastReport = now;
    double seconds = (now - start) / 1e9;
    double eta = done == 0 ? 0 : seconds * (total - done) / done;
    String line = String.format("%s  %d/%d (%.0f%%)  %s  elapsed %s  eta %s", label, done,
        total, 100.0 * done / Math.max(1, total), detail, clock(seconds), clock(eta));
    if (terminal != null && done < total) {
      terminal.accept(line);
    } else {
      log.info(line);
    }
  }

  /** Sends progress to {@code statusLine} (a terminal's updating line); null: log lines only. */
  public static void showOn(Consumer<String> statusLine) {
    live = statusLine;
  }

  /** m:ss or h:mm:ss. */
  public static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
