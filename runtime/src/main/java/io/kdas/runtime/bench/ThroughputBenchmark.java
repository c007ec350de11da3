package io.kdas.runtime.bench;

import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.ModelSpec;
import io.kdas.proto.ResNetSpec;
import io.kdas.proto.TrainingSpec;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.pipeline.Batch;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.spec.SpecDefaults;
import io.kdas.runtime.train.TrainingGraph;
import java.util.Arrays;
import org.tensorflow.proto.ConfigProto;

/**
 * Training throughput of one ResNet on random 32x32x3 inputs (what the PyTorch peer script
 * measures), and resident memory along the way, to show that native memory stays flat.
 */
public final class ThroughputBenchmark {

  /**
   * What one run measured.
   *
   * @param stepMillis median milliseconds per step over the timed steps
   * @param imagesPerSecond batch / median step time
   * @param rssAtStep resident bytes after each reported step (index: step count), -1 if unknown
   */
  public record Result(double stepMillis, double imagesPerSecond, long[] rssAtStep) {}

  private final int depth;
  private final int batch;
  private final int classes;
  private final ConfigProto config;

  public ThroughputBenchmark(int depth, int batch, int classes, ConfigProto config) {
    this.depth = depth;
    this.batch = batch;
    this.classes = classes;
    this.config = config;
  }

  /** Runs {@code warmup} untimed steps, then {@code steps} traced ones. */
  public StepProfile profile(DistillationLoss loss, int warmup, int steps) {
    try (TrainingGraph graph = graph(loss)) {
      return StepProfile.traced(graph, RandomBatch.of(batch, classes), warmup, steps);
    }
  }

  /**
   * Runs {@code warmup} untimed steps, then {@code steps} timed ones.
   *
   * @param rssSteps step counts (from the first timed step) at which to read resident memory
   */
  public Result run(DistillationLoss loss, int warmup, int steps, int[] rssSteps) {
    Batch b = RandomBatch.of(batch, classes);
    long[] rss = new long[rssSteps.length];
    double[] times = new double[steps];
    try (TrainingGraph graph = graph(loss)) {
      for (int i = 0; i < warmup; i++) {
        graph.step(b, null, 0.05f);
      }
      int next = 0;
      for (int i = 0; i < steps; i++) {
        long t = System.nanoTime();
        graph.step(b, null, 0.05f);
        times[i] = (System.nanoTime() - t) / 1e6;
        while (next < rssSteps.length && rssSteps[next] == i + 1) {
          rss[next++] = ResidentMemory.bytes();
        }
      }
    }
    // The median step time (the middle two averaged for an even count), as the peer computes it.
    double median = Medians.of(Arrays.stream(times).boxed().toList());
    return new Result(median, batch * 1000.0 / median, rss);
  }

  private TrainingGraph graph(DistillationLoss loss) {
    ModelDefinition model = new ModelDefinition(
        ModelSpec.newBuilder().setResnet(ResNetSpec.newBuilder().setDepth(depth)).build(),
        classes, 32, 32, new ChannelStats(new float[] {0.5f, 0.5f, 0.5f},
            new float[] {0.25f, 0.25f, 0.25f}));
    TrainingSpec training = SpecDefaults.fill(
        TrainingSpec.newBuilder().setBatchSize(batch).setWeightDecay(5e-4f).build());
    return new TrainingGraph(model, loss, training, 0, 1, config);
  }
}
