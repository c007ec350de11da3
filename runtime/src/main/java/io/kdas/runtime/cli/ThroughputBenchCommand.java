package io.kdas.runtime.cli;

import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.DeviceSpec;
import io.kdas.runtime.bench.Medians;
import io.kdas.runtime.bench.PeerBenchmark;
import io.kdas.runtime.bench.ThroughputBenchmark;
import io.kdas.runtime.train.SessionConfig;
import io.kdas.runtime.spec.SpecDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kdas bench throughput}: ResNet training throughput on random 32x32x3 inputs next to the PyTorch
 * peer, alternating the two so that both see the same machine state, and resident memory between
 * two step counts.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
    description = "Training throughput of a CIFAR ResNet (FP32 or BF16) beside the PyTorch peer "
        + "in the same precision, and "
        + "native memory growth over many steps.")
final class ThroughputBenchCommand implements Callable<Integer> {

  @Option(names = "--depth", description = "ResNet depth 6n+2 (default ${DEFAULT-VALUE})")
  int depth = 32;

  @Option(names = "--batch", description = "batch size (default ${DEFAULT-VALUE})")
  int batch = 128;

  @Option(names = "--classes", description = "classes (default ${DEFAULT-VALUE})")
  int classes = 10;

  @Option(names = "--steps", description = "timed steps per repeat (default ${DEFAULT-VALUE})")
  int steps = 20;

  @Option(names = "--repeats", description = "alternating repeats (default ${DEFAULT-VALUE})")
  int repeats = 3;

  @Option(names = "--peer", description = "PyTorch peer script; none to skip "
      + "(default ${DEFAULT-VALUE})")
  String peer = "../shared/bench/torch_resnet32.py";

  @Option(names = "--python", description = "Python with torch (default ${DEFAULT-VALUE})")
  String python = "/usr/bin/python3";

  @Option(names = "--memory-steps", description = "also run this many steps and compare "
      + "resident memory at step 100 and at the last step (0: skip)")
  int memorySteps = 0;

  @Option(names = "--threads", description = "TensorFlow intra-op threads (0: all cores)")
  int threads = 0;

  @Option(names = "--precision", description = "FP32 or BF16 (default ${DEFAULT-VALUE})")
  DeviceSpec.Precision precision = DeviceSpec.Precision.FP32;

  @Option(names = "--profile", description = "also trace this many steps and show where a "
      + "step's time goes (0: skip)")
  int profileSteps = 0;

  @Option(names = "--debug", description = "print stack traces of unexpected failures")
  boolean debug;

  @Override
  public Integer call() throws Exception {
    PluginRegistry registry = PluginRegistry.fromClassPath();
    DistillationLoss loss =
        registry.create(PluginKind.LOSS, "cross-entropy", Map.of(), DistillationLoss.class);
    var config = SessionConfig.of(SpecDefaults.fill(DeviceSpec.newBuilder()
        .setIntraOpThreads(threads).setPrecision(precision).build()));
    ThroughputBenchmark kdas = new ThroughputBenchmark(depth, batch, classes, config);
    PeerBenchmark torch = peer.equals("none") || !Files.exists(Path.of(peer)) ? null
        : new PeerBenchmark(python, Path.of(peer), depth, batch, classes,
            Runtime.getRuntime().availableProcessors(),
            precision == DeviceSpec.Precision.BF16);
    if (torch == null) {
      System.out.println("peer: not run (" + (peer.equals("none") ? "--peer none"
          : peer + " not found") + ")");
    }
    System.out.printf(Locale.ROOT, "resnet-%d, batch %d, %d classes, %s%n", depth, batch,
        classes, BenchMachine.describe(precision));
    System.out.println("statistic: img/s from the median step time of each repeat, for both; "
        + "the medians of the repeats are compared");
    List<Double> ours = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    for (int r = 1; r <= repeats; r++) {
      ThroughputBenchmark.Result k = kdas.run(loss, 3, steps, new int[0]);
      ours.add(k.imagesPerSecond());
      System.out.printf(Locale.ROOT, "repeat %d  kdas: %.1f ms/step, %.1f img/s%n", r,
          k.stepMillis(), k.imagesPerSecond());
      if (torch != null) {
        OptionalDouble p = torch.imagesPerSecond(steps);
        if (p.isPresent()) {
          theirs.add(p.getAsDouble());
          System.out.printf(Locale.ROOT, "repeat %d  torch channels_last%s: %.1f img/s%n", r,
              precision == DeviceSpec.Precision.BF16 ? " bf16 autocast" : "", p.getAsDouble());
        } else {
          System.out.println("peer: failed (" + torch.lastError() + ")");
          torch = null;
        }
      }
    }
    double ourMedian = Medians.of(ours);
    System.out.printf(Locale.ROOT, "median kdas: %.1f img/s", ourMedian);
    if (!theirs.isEmpty()) {
      double theirMedian = Medians.of(theirs);
      System.out.printf(Locale.ROOT, ", median torch: %.1f img/s, ratio kdas/torch: %.2f",
          theirMedian, ourMedian / theirMedian);
    }
    System.out.println();
    if (profileSteps > 0) {
      System.out.print(kdas.profile(loss, 3, profileSteps).describe(12));
    }
    if (memorySteps > 100) {
      ThroughputBenchmark.Result m = kdas.run(loss, 0, memorySteps, new int[] {100, memorySteps});
      long at100 = m.rssAtStep()[0];
      long atEnd = m.rssAtStep()[1];
      System.out.printf(Locale.ROOT, "resident memory: step 100 %.1f MB, step %d %.1f MB, "
              + "growth %+.2f%%%n", at100 / 1e6, memorySteps, atEnd / 1e6,
          100.0 * (atEnd - at100) / at100);
    }
    return 0;
  }
}
