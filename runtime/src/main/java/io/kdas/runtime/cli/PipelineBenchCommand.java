package io.kdas.runtime.cli;

import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.DeviceSpec;
import io.kdas.runtime.bench.Medians;
import io.kdas.runtime.bench.PipelineBenchmark;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.source.ImageFolderLoader;
import io.kdas.runtime.train.SessionConfig;
import io.kdas.runtime.spec.SpecDefaults;
import io.kdas.runtime.train.TrainingGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdas bench pipeline}: does training ever wait for data? */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Images/s of the input pipeline alone on a class-per-folder data set (or its "
        + "archive), and ResNet training fed by the pipeline against the same training fed "
        + "from memory.")
final class PipelineBenchCommand implements Callable<Integer> {

  @Option(names = "--data", description = "image folder or archive (default ${DEFAULT-VALUE})")
  Path data = Path.of("../shared/datasets/cifar10-jpeg.tar.gz");

  @Option(names = "--depth", description = "ResNet depth (default ${DEFAULT-VALUE})")
  int depth = 32;

  @Option(names = "--batch", description = "batch size (default ${DEFAULT-VALUE})")
  int batch = 128;

  @Option(names = "--steps", description = "timed training steps (default ${DEFAULT-VALUE})")
  int steps = 20;

  @Option(names = "--repeats", description = "alternating repeats (default ${DEFAULT-VALUE})")
  int repeats = 3;

  @Option(names = "--debug", description = "print stack traces of unexpected failures")
  boolean debug;

  @Override
  public Integer call() {
    Dataset dataset = ImageFolderLoader.load(data, "train", "test", 32,
        Path.of(".kdas-cache", data.getFileName().toString()));
    var config = SessionConfig.of(SpecDefaults.fill(DeviceSpec.getDefaultInstance()));
    PipelineBenchmark bench = new PipelineBenchmark(dataset, batch, config);
    List<Double> pipeline = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      pipeline.add(bench.pipelineImagesPerSecond(8, r));
    }
    DistillationLoss loss = PluginRegistry.fromClassPath().create(PluginKind.LOSS,
        "cross-entropy", Map.of(), DistillationLoss.class);
    List<Double> fed = new ArrayList<>();
    List<Double> memory = new ArrayList<>();
    try (TrainingGraph graph = bench.graph(depth, loss)) {
      bench.trainFromMemory(graph, 3); // warm-up
      for (int r = 0; r < repeats; r++) {
        fed.add(bench.trainFromPipeline(graph, steps, r));
        memory.add(bench.trainFromMemory(graph, steps));
      }
    }
    double p = Medians.of(pipeline);
    double f = Medians.of(fed);
    double m = Medians.of(memory);
    System.out.printf(Locale.ROOT, "data: %s (%d training images)%n", dataset.identity(),
        dataset.train().size());
    System.out.printf(Locale.ROOT, "pipeline alone (batch %d, 8 views, crop+flip): %s img/s, "
        + "median %.0f%n", batch, pipeline.stream().map(x -> String.format(Locale.ROOT, "%.0f", x))
        .toList(), p);
    System.out.printf(Locale.ROOT, "resnet-%d training fed by the pipeline: %s img/s, median "
        + "%.1f%n", depth, fed.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList(),
        f);
    System.out.printf(Locale.ROOT, "resnet-%d training fed from memory: %s img/s, median %.1f%n",
        depth, memory.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList(), m);
    System.out.printf(Locale.ROOT, "pipeline / training consumption: %.0fx; pipeline-fed / "
        + "memory-fed training: %.3f%n", p / m, f / m);
    return 0;
  }
}
