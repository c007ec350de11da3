package io.kdas.runtime.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import io.kdas.runtime.data.pipeline.Batch;
import io.kdas.runtime.train.TrainingGraph;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where the time of traced training steps went, averaged over the steps: the whole step as Java
 * sees it, the session run inside it, the wall time during which at least one TensorFlow kernel
 * ran, and the kernels' own times by op type (summed over threads, so they may exceed the wall).
 */
public final class StepProfile {

  private int steps;
  private double stepMillis;
  private double runMillis;
  private double busyMillis;
  private final Map<String, Double> kernelMillis = new TreeMap<>();

  /** {@code warmup} untimed steps of {@code graph} on {@code batch}, then {@code steps} traced. */
  static StepProfile traced(TrainingGraph graph, Batch batch, int warmup, int steps) {
    for (int i = 0; i < warmup; i++) {
      graph.step(batch, null, 0.01f);
    }
    StepProfile profile = new StepProfile();
    for (int i = 0; i < steps; i++) {
      profile.trace(graph, batch);
    }
    return profile;
  }

  /** Runs and adds one traced training step of {@code graph} on {@code batch}. */
  private void trace(TrainingGraph graph, Batch batch) {
    RunMetadata[] metadata = new RunMetadata[1];
    long[] run = new long[1];
    long start = System.nanoTime();
    graph.tracedStep(batch, null, 0.01f, m -> metadata[0] = m, run);
    add(metadata[0], System.nanoTime() - start, run[0]);
  }

  /** Adds one traced step. */
  void add(RunMetadata metadata, long stepNanos, long runNanos) {
    steps++;
    stepMillis += stepNanos / 1e6;
    runMillis += runNanos / 1e6;
    List<long[]> spans = new ArrayList<>();
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        long start = node.getAllStartMicros();
        spans.add(new long[] {start, start + node.getAllEndRelMicros()});
        kernelMillis.merge(opType(node), node.getAllEndRelMicros() / 1e3, Double::sum);
      }
    }
    busyMillis += union(spans) / 1e3;
  }

  /** "name = Type(inputs)" in the trace's label; the node name when there is none. */
  static String opType(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    int paren = eq < 0 ? -1 : label.indexOf('(', eq);
    return paren > eq + 3 ? label.substring(eq + 3, paren) : node.getNodeName();
  }

  /** Microseconds covered by at least one span. */
  static long union(List<long[]> spans) {
    spans.sort(Comparator.comparingLong(s -> s[0]));
    long covered = 0;
    long from = Long.MIN_VALUE;
    long to = Long.MIN_VALUE;
    for (long[] s : spans) {
      if (s[0] > to) {
        covered += to - from;
        from = s[0];
        to = s[1];
      } else {
        to = Math.max(to, s[1]);
      }
    }
    return spans.isEmpty() ? 0 : covered + (to - from);
  }

  public double stepMillis() {
    return stepMillis / steps;
  }

  public double runMillis() {
    return runMillis / steps;
  }

  public double busyMillis() {
    return busyMillis / steps;
  }

  /** Kernel milliseconds per step by op type, largest first. */
  public Map<String, Double> kernelMillis() {
    Map<String, Double> sorted = new LinkedHashMap<>();
    kernelMillis.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue() / steps));
    return sorted;
  }

  /** A few lines for the terminal: the split of a step, then the {@code top} op types. */
  public String describe(int top) {
    double kernels = kernelMillis.values().stream().mapToDouble(Double::doubleValue).sum() / steps;
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "profile (mean of %d traced steps): step %.1f ms = session run %.1f ms + Java around it "
            + "(feeds, fetches, tensors) %.2f ms; kernels running %.1f ms of the run (%.0f %%), "
            + "idle between kernels %.1f ms; kernel time %.1f ms summed over threads%n",
        steps, stepMillis(), runMillis(), stepMillis() - runMillis(), busyMillis(),
        100 * busyMillis() / runMillis(), runMillis() - busyMillis(), kernels));
    kernelMillis().entrySet().stream().limit(top).forEach(e -> b.append(String.format(
        Locale.ROOT, "  %-34s %8.1f ms  %5.1f %%%n", e.getKey(), e.getValue(),
        100 * e.getValue() / kernels)));
    return b.toString();
  }
}
