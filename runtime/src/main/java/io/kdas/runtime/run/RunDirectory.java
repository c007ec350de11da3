package io.kdas.runtime.run;

import io.kdas.runtime.train.Durable;
import io.kdas.runtime.report.TensorBoardLogs;
import io.kdas.runtime.train.EpochListener;
import io.kdas.runtime.train.EpochMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The folder a run writes: spec, provenance, log, metrics, models and summary. Files that a
 * person reads are replaced atomically; metrics are appended as each epoch ends, so an
 * interrupted run keeps what it measured.
 */
public final class RunDirectory {

  static final String METRICS = "metrics.csv";
  private static final String METRICS_HEADER = "model,epoch,epochs,learning_rate,train_loss,"
      + "train_accuracy,eval_split,eval_top1,eval_top5,seconds,images_per_second\n";

  private final Path root;
  private final TensorBoardLogs tensorboard;

  private RunDirectory(Path root) {
    this.root = root;
    this.tensorboard = new TensorBoardLogs(root);
  }

  /** Creates {@code <parent>/<name>-<timestamp>} (with a numeric suffix if taken). */
  public static RunDirectory create(Path parent, String name) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    try {
      Files.createDirectories(parent);
      for (int i = 1; ; i++) {
        Path candidate = parent.resolve(name + "-" + stamp + (i == 1 ? "" : "-" + i));
        try {
          return new RunDirectory(Files.createDirectory(candidate));
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // taken by a run started in the same second: try the next suffix
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a run directory in " + parent, e);
    }
  }

  /** An existing run directory, to resume the run in it. */
  public static RunDirectory open(Path existing) {
    return new RunDirectory(existing);
  }

  public Path root() {
    return root;
  }

  /** The completion records of the run's jobs. */
  JobRecords jobs() {
    return new JobRecords(root);
  }

  public Path resolve(String relative) {
    return root.resolve(relative);
  }

  /**
   * {@code file} relative to the run folder (with ".." when it lies outside, as a store beside
   * loaded teachers does), whether either path is relative or absolute.
   */
  public String relativize(Path file) {
    return root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize())
        .toString();
  }

  /** The rows of {@code model} become exactly {@code history} (other models' rows are kept). */
  private synchronized void replaceRows(String model, List<EpochMetrics> history) {
    Path file = root.resolve(METRICS);
    StringBuilder out = new StringBuilder(METRICS_HEADER);
    try {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isEmpty() && !line.equals(METRICS_HEADER.strip())
              && !line.startsWith(model + ",")) {
            out.append(line).append('\n');
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    history.forEach(m -> out.append(row(m)));
    write(METRICS, out.toString());
  }

  private static String row(EpochMetrics m) {
    return String.format(Locale.ROOT, "%s,%d,%d,%.6g,%.6f,%.6f,%s,%.6f,%.6f,%.3f,%.1f%n",
        m.model(), m.epoch(), m.epochs(), m.learningRate(), m.trainLoss(), m.trainAccuracy(),
        m.split(), m.eval().top1(), m.eval().top5(), m.seconds(), m.imagesPerSecond());
  }

  /** Writes a text file atomically (temp file, then rename). */
  public void write(String relative, String content) {
    Durable.writeString(root.resolve(relative), content);
  }

  /** The run's TensorBoard logs ({@code tensorboard/}). */
  public TensorBoardLogs tensorboard() {
    return tensorboard;
  }

  /** Records epochs in metrics.csv and TensorBoard's logs as a training reports them. */
  public EpochListener metrics() {
    return new EpochListener() {
      @Override
      public void epoch(EpochMetrics m) {
        append(m);
        tensorboard.epoch(m);
      }

      @Override
      public void restored(List<EpochMetrics> history) {
        if (!history.isEmpty()) {
          replaceRows(history.get(0).model(), history);
          tensorboard.restored(history.get(0).model(), history.size());
        }
      }
    };
  }

  /** Appends one epoch to metrics.csv. */
  public synchronized void append(EpochMetrics m) {
    Path file = root.resolve(METRICS);
    String row = row(m);
    try {
      if (!Files.exists(file)) {
        Files.writeString(file, METRICS_HEADER, StandardCharsets.UTF_8);
      }
      Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }
}
