package io.kdas.runtime.bench;

import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.ModelSpec;
import io.kdas.proto.ResNetSpec;
import io.kdas.proto.TrainingSpec;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.Batch;
import io.kdas.runtime.data.pipeline.BatchStream;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.spec.SpecDefaults;
import io.kdas.runtime.train.TrainingGraph;
import org.tensorflow.proto.ConfigProto;

/**
 * Whether training waits for data: the input pipeline alone (decoded cache, augmentation on a
 * background thread into reused buffers), and training steps fed by it against the same steps fed
 * one batch from memory.
 */
public final class PipelineBenchmark {

  private final Dataset data;
  private final int batch;
  private final ConfigProto config;

  public PipelineBenchmark(Dataset data, int batch, ConfigProto config) {
    this.data = data;
    this.batch = batch;
    this.config = config;
  }

  /** Images per second of one epoch of batches, with nothing consuming them. */
  public double pipelineImagesPerSecond(int views, int epoch) {
    ViewAugmenter augmenter = new ViewAugmenter(1, views, 4, true);
    long start = System.nanoTime();
    long images = 0;
    try (BatchStream stream = new BatchStream(data.train(), augmenter, batch, epoch, 1)) {
      while (stream.hasNext()) {
        images += stream.next().size();
      }
    }
    return images / ((System.nanoTime() - start) / 1e9);
  }

  /** A training graph of a ResNet on the data. */
  public TrainingGraph graph(int depth, DistillationLoss loss) {
    ModelDefinition model = new ModelDefinition(
        ModelSpec.newBuilder().setResnet(ResNetSpec.newBuilder().setDepth(depth)).build(),
        data.classes(), data.train().height(), data.train().width(),
        ChannelStats.of(data.train()));
    return new TrainingGraph(model, loss, SpecDefaults.fill(TrainingSpec.newBuilder()
        .setBatchSize(batch).build()), 0, 1, config);
  }

  /** Images per second of {@code steps} steps fed by the pipeline. */
  public double trainFromPipeline(TrainingGraph graph, int steps, int epoch) {
    ViewAugmenter augmenter = new ViewAugmenter(1, 8, 4, true);
    try (BatchStream stream = new BatchStream(data.train(), augmenter, batch, epoch, 1)) {
      long start = System.nanoTime();
      for (int i = 0; i < steps && stream.hasNext(); i++) {
        graph.step(stream.next(), null, 0.01f);
      }
      return steps * batch / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Images per second of {@code steps} steps all fed the same batch, rendered beforehand. */
  public double trainFromMemory(TrainingGraph graph, int steps) {
    Batch fixed;
    try (BatchStream stream = new BatchStream(data.train(), new ViewAugmenter(1, 8, 4, true),
        batch, 0, 1)) {
      Batch b = stream.next();
      fixed = new Batch(b.examples().clone(), b.views().clone(), b.images().clone(),
          b.labels().clone(), b.size(), new float[0]);
    }
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      graph.step(fixed, null, 0.01f);
    }
    return steps * batch / ((System.nanoTime() - start) / 1e9);
  }
}
