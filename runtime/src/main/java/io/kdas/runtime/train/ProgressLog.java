package io.kdas.runtime.train;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Throttled progress lines for a long loop: at most one every few seconds, plus the last. */
public final class ProgressLog {

  private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);
  private static final long INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

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
    if (now - lastReport < INTERVAL_NANOS && done < total) {
      return;
    }
    lastReport = now;
    double seconds = (now - start) / 1e9;
    double eta = done == 0 ? 0 : seconds * (total - done) / done;
    log.info(String.format("%s  %d/%d (%.0f%%)  %s  elapsed %s  eta %s", label, done, total,
        100.0 * done / Math.max(1, total), detail, clock(seconds), clock(eta)));
  }

  /** m:ss or h:mm:ss. */
  public static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
