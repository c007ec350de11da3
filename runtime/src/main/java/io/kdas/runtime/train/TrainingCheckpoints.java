package io.kdas.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The epoch checkpoints of one training, so that a killed run continues where it stopped.
 *
 * <p>After each epoch (and, if asked, every so many steps or seconds inside one), {@code
 * DIR/at-E-S/} holds every variable of the graph (weights, batch-norm statistics and the
 * optimizer's momentum slots) after E whole epochs and S steps of the next, {@code position.txt}
 * (the running sums of that epoch's loss and hits) and {@code history.txt}, the metrics of the
 * epochs done. The rest of a training's state is a function of the epoch and step: the learning
 * rate of each step, the batch order and the augmented views are drawn from (seed, epoch), so a
 * training resumed from there takes exactly the steps the uninterrupted one would have.
 *
 * <p>A checkpoint is written into a temporary folder, synced and renamed into place, and only
 * then is the previous one deleted: a kill at any moment leaves at least one complete checkpoint
 * (or none before the first epoch ends).
 */
public final class TrainingCheckpoints {

  private static final String PREFIX = "at-";
  private static final String HISTORY = "history.txt";
  private static final String POSITION = "position.txt";
  private static final String STATE = "state.bin";

  private final Path dir;
  private final int everySteps;
  private final double everySeconds;

  /** Checkpoints kept in {@code dir}, which belongs to one training, at epoch ends only. */
  public TrainingCheckpoints(Path dir) {
    this(dir, 0, 0);
  }

  /**
   * Checkpoints at epoch ends, and inside an epoch every {@code everySteps} steps or {@code
   * everySeconds} seconds since the last save (0: never).
   */
  public TrainingCheckpoints(Path dir, int everySteps, double everySeconds) {
    this.dir = dir;
    this.everySteps = everySteps;
    this.everySeconds = everySeconds;
  }

  /** Whether a checkpoint is due inside an epoch, this long after the last save. */
  public boolean due(int stepsSinceSave, double secondsSinceSave) {
    return (everySteps > 0 && stepsSinceSave >= everySteps)
        || (everySeconds > 0 && secondsSinceSave >= everySeconds);
  }

  /**
   * A complete checkpoint.
   *
   * @param position where in the training it was saved
   * @param history the metrics of the whole epochs done
   * @param state what the training's owner saved beside the variables, or null
   * @param variables the prefix to restore the variables from
   */
  public record Saved(Position position, List<EpochMetrics> history, byte[] state,
      Path variables) {

    /** The whole epochs done. */
    public int epochs() {
      return position.epochs();
    }
  }

  /**
   * A place in a training: after {@code epochs} whole epochs and {@code steps} steps of the next
   * one, with the running sums of that epoch.
   *
   * @param lossSum the sum of the epoch's step losses so far
   * @param correct the epoch's correct predictions so far
   * @param seconds the epoch's training seconds so far
   */
  public record Position(int epochs, int steps, double lossSum, double correct,
      double seconds) {

    /** The end of {@code epochs} whole epochs. */
    public static Position afterEpochs(int epochs) {
      return new Position(epochs, 0, 0, 0, 0);
    }
  }

  /** The latest complete checkpoint, or null if there is none. */
  public Saved latest() {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    List<Path> done;
    try (Stream<Path> list = Files.list(dir)) {
      done = list.filter(p -> p.getFileName().toString().matches(PREFIX + "\\d+-\\d+"))
          .filter(p -> Files.isRegularFile(p.resolve(HISTORY)))
          .sorted(Comparator.comparingLong(TrainingCheckpoints::order).reversed()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints in " + dir, e);
    }
    if (done.isEmpty()) {
      return null;
    }
    Path latest = done.get(0);
    byte[] state = null;
    try {
      if (Files.isRegularFile(latest.resolve(STATE))) {
        state = Files.readAllBytes(latest.resolve(STATE));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoint " + latest, e);
    }
    return new Saved(readPosition(latest.resolve(POSITION)),
        readHistory(latest.resolve(HISTORY)), state, latest.resolve("variables"));
  }

  /** Saves the graph at {@code position}, then drops older checkpoints. */
  public void save(TrainingGraph graph, Position position, List<EpochMetrics> history) {
    save(graph, position, history, null);
  }

  /**
   * Saves the graph at {@code position} with the owner's {@code state} (or null), then drops
   * older checkpoints.
   */
  public void save(TrainingGraph graph, Position position, List<EpochMetrics> history,
      byte[] state) {
    String name = PREFIX + position.epochs() + "-" + position.steps();
    Path target = dir.resolve(name);
    Path temp = dir.resolve(".tmp-" + name);
    try {
      Durable.deleteTree(temp);
      graph.saveCheckpoint(temp.resolve("variables"));
      FaultPoints.reach("checkpoint-write");
      if (state != null) {
        Files.write(temp.resolve(STATE), state);
      }
      Files.writeString(temp.resolve(POSITION), position.steps() + "\t"
          + Double.toString(position.lossSum()) + "\t" + Double.toString(position.correct())
          + "\t" + Double.toString(position.seconds()) + "\n", StandardCharsets.UTF_8);
      // Written last: a folder with its history is complete (latest() looks for it).
      Files.writeString(temp.resolve(HISTORY), writeHistory(history), StandardCharsets.UTF_8);
      Durable.syncTree(temp);
      Durable.deleteTree(target);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      Durable.sync(dir);
      try (Stream<Path> list = Files.list(dir)) {
        for (Path old : list.filter(p -> !p.equals(target)).toList()) {
          Durable.deleteTree(old);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint " + target, e);
    }
  }

  /** Deletes every checkpoint of this training (once its result is safely written). */
  public void delete() {
    try {
      Durable.deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the checkpoints in " + dir, e);
    }
  }

  /** Sorts checkpoints by epochs, then steps. */
  private static long order(Path p) {
    String[] parts = p.getFileName().toString().substring(PREFIX.length()).split("-");
    return Long.parseLong(parts[0]) * (1L << 32) + Long.parseLong(parts[1]);
  }

  private static Position readPosition(Path file) {
    String[] f;
    try {
      f = Files.readString(file, StandardCharsets.UTF_8).strip().split("\t");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    int epochs = (int) (order(file.getParent()) >>> 32);
    return new Position(epochs, Integer.parseInt(f[0]), Double.parseDouble(f[1]),
        Double.parseDouble(f[2]), Double.parseDouble(f[3]));
  }

  private static final String NONE = "-";

  /**
   * One line per epoch; doubles in Java's exact round-trip form, "-" for the split and scores of
   * an epoch without evaluation.
   */
  public static String writeHistory(List<EpochMetrics> history) {
    StringBuilder out = new StringBuilder();
    for (EpochMetrics m : history) {
      boolean scored = m.eval() != null;
      out.append(String.join("\t", m.model(), Integer.toString(m.epoch()),
          Integer.toString(m.epochs()), Double.toString(m.learningRate()),
          Double.toString(m.trainLoss()), Double.toString(m.trainAccuracy()),
          scored ? m.split() : NONE, scored ? Double.toString(m.eval().top1()) : NONE,
          scored ? Double.toString(m.eval().top5()) : NONE,
          scored ? Integer.toString(m.eval().examples()) : NONE, Double.toString(m.seconds()),
          Double.toString(m.imagesPerSecond()))).append('\n');
    }
    return out.toString();
  }

  /** Reads what {@link #writeHistory} wrote. */
  public static List<EpochMetrics> readHistory(Path file) {
    List<EpochMetrics> history = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t");
        boolean scored = !f[6].equals(NONE);
        history.add(new EpochMetrics(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]),
            Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
            scored ? f[6] : null, scored ? new Accuracy(Double.parseDouble(f[7]),
                Double.parseDouble(f[8]), Integer.parseInt(f[9])) : null,
            Double.parseDouble(f[10]), Double.parseDouble(f[11])));
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("checkpoint history " + file + " is unreadable: " + e, e);
    }
    return history;
  }
}
