package io.kdas.runtime.data.fetch;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of one download every few seconds: bytes so far, percent of the total when
 * it is known, rate over this transfer and the time left.
 */
final class Progress {

  private static final Logger log = LoggerFactory.getLogger(Progress.class);

  private final String label;
  private final long offset;
  private final long total;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final long start;
  private long lastLog;
  private long received;

  /**
   * @param label what is downloaded, in the log lines
   * @param offset bytes already on disk before this transfer (a resumed download)
   * @param total the size of the whole file, or -1 if unknown
   * @param intervalNanos the time between two log lines
   * @param clock a nanosecond clock
   */
  Progress(String label, long offset, long total, long intervalNanos, LongSupplier clock) {
    this.label = label;
    this.offset = offset;
    this.total = total;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastLog = start;
  }

  /** Counts {@code n} more bytes and logs if the interval has passed. */
  void add(long n) {
    received += n;
    long now = clock.getAsLong();
    if (now - lastLog >= intervalNanos) {
      lastLog = now;
      log.info("{}", line(now));
    }
  }

  /** The bytes received in this transfer. */
  long received() {
    return received;
  }

  /** Logs the summary of a finished transfer. */
  void finish() {
    long now = clock.getAsLong();
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    log.info(String.format(Locale.ROOT, "%s: received %s in %.1f s (%.2f MB/s)%s", label,
        megabytes(received), seconds, received / 1e6 / seconds,
        offset > 0 ? ", resumed at " + megabytes(offset) : ""));
  }

  /** The progress line at time {@code now}. */
  String line(long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    double rate = received / seconds;
    long have = offset + received;
    StringBuilder s = new StringBuilder(label).append(": ").append(megabytes(have));
    if (total > 0) {
      s.append(" of ").append(megabytes(total))
          .append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * have / total));
    }
    s.append(String.format(Locale.ROOT, ", %.2f MB/s", rate / 1e6));
    if (total > have && rate > 0) {
      s.append(String.format(Locale.ROOT, ", about %d s left",
          (long) Math.ceil((total - have) / rate)));
    }
    return s.toString();
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
