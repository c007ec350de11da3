package io.kdas.runtime.report;

import io.kdas.runtime.train.EpochMetrics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

/**
 * A run's TensorBoard logs under {@code RUN_DIR/tensorboard/}, one folder per model (each teacher,
 * the search, each student): per-epoch scalars, the search's trials, the students' graphs. Open
 * with {@code tensorboard --logdir runs/}.
 *
 * <p>Steps are epochs (trials for the search). A resumed training first writes a {@link
 * SessionLog} START at the step it continues from, which makes TensorBoard drop what the killed
 * process had logged beyond the checkpoint, as it does for TensorFlow's own restarts.
 */
public final class TensorBoardLogs {

  public static final String FOLDER = "tensorboard";

  private final Path root;
  private final Map<String, EventFile> files = new HashMap<>();

  /** The logs of the run in {@code runRoot}. */
  public TensorBoardLogs(Path runRoot) {
    this.root = runRoot.resolve(FOLDER);
  }

  /** One epoch of a model's training: its loss, accuracies, learning rate and speed. */
  public void epoch(EpochMetrics m) {
    epoch(m.model(), m);
  }

  /**
   * One epoch of a training logged under {@code model}'s run (the search's shared weights under
   * {@code search}); a training without evaluation (the shared weights) has no top-1/top-5.
   */
  public void epoch(String model, EpochMetrics m) {
    Summary.Builder s = Summary.newBuilder();
    scalar(s, "train/loss", m.trainLoss());
    scalar(s, "train/accuracy", m.trainAccuracy());
    if (m.eval() != null) {
      scalar(s, m.split() + "/top1", m.eval().top1());
      scalar(s, m.split() + "/top5", m.eval().top5());
    }
    scalar(s, "learning_rate", m.learningRate());
    scalar(s, "images_per_second", m.imagesPerSecond());
    write(model, m.epoch(), s);
  }

  /** A model's training continues after {@code epochs} restored epochs. */
  public void restored(String model, int epochs) {
    file(model).write(Event.newBuilder().setWallTime(now()).setStep(epochs + 1)
        .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START))
        .build());
  }

  /**
   * One scored architecture of the search; {@code accuracy} is NaN for a failed child, which was
   * never evaluated and gets no accuracy point.
   */
  public void trial(int index, double reward, double accuracy, long bytes, double bestReward) {
    Summary.Builder s = Summary.newBuilder();
    scalar(s, "trial/reward", reward);
    scalar(s, "trial/validation_accuracy", accuracy);
    scalar(s, "trial/model_bytes", bytes);
    scalar(s, "trial/best_reward", bestReward);
    write("search", index, s);
  }

  /** The graph of a model (TensorBoard's Graphs tab). */
  public void graph(String model, GraphDef graph) {
    file(model).write(Event.newBuilder().setWallTime(now())
        .setGraphDef(graph.toByteString()).build());
  }

  private void write(String model, long step, Summary.Builder summary) {
    if (summary.getValueCount() > 0) {
      file(model).write(Event.newBuilder().setWallTime(now()).setStep(step)
          .setSummary(summary).build());
    }
  }

  /** NaN and infinities are left out: TensorBoard would draw them as points. */
  private static void scalar(Summary.Builder s, String tag, double value) {
    if (Double.isFinite(value)) {
      s.addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue((float) value));
    }
  }

  private synchronized EventFile file(String model) {
    return files.computeIfAbsent(model, m -> EventFile.create(root.resolve(folder(m))));
  }

  /** A model's folder: its name, with characters a path cannot hold replaced. */
  static String folder(String model) {
    return model.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }
}
