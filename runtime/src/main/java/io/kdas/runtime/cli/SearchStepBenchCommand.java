package io.kdas.runtime.cli;

import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.DeviceSpec;
import io.kdas.runtime.bench.SharedStepBenchmark;
import io.kdas.runtime.train.SessionConfig;
import io.kdas.runtime.spec.SpecDefaults;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdas bench search-step}: a shared-weight step against a single child's step. */
@Command(name = "search-step", mixinStandardHelpOptions = true,
    description = "Time a training step of the shared model of the default search space (three "
        + "add-on layers, seven candidates, two connections) against steps of single children.")
final class SearchStepBenchCommand implements Callable<Integer> {

  @Option(names = "--depth", description = "backbone ResNet depth (default ${DEFAULT-VALUE})")
  int depth = 32;

  @Option(names = "--batch", description = "batch size (default ${DEFAULT-VALUE})")
  int batch = 128;

  @Option(names = "--steps", description = "timed steps (default ${DEFAULT-VALUE})")
  int steps = 20;

  @Option(names = "--children", description = "random children timed (default ${DEFAULT-VALUE})")
  int children = 5;

  @Option(names = "--precision", description = "FP32 or BF16 (default ${DEFAULT-VALUE})")
  DeviceSpec.Precision precision = DeviceSpec.Precision.FP32;

  @Option(names = "--profile", description = "also trace this many steps of the shared model "
      + "and of its largest child and show where their time goes (0: skip)")
  int profileSteps = 0;

  @Option(names = "--debug", description = "print stack traces of unexpected failures")
  boolean debug;

  @Override
  public Integer call() {
    PluginRegistry registry = PluginRegistry.fromClassPath();
    DistillationLoss loss =
        registry.create(PluginKind.LOSS, "cross-entropy", Map.of(), DistillationLoss.class);
    var config = SessionConfig.of(SpecDefaults.fill(DeviceSpec.newBuilder()
        .setPrecision(precision).build()));
    System.out.printf(Locale.ROOT, "resnet-%d backbone, batch %d, %s%n", depth, batch,
        BenchMachine.describe(precision));
    SharedStepBenchmark.Result r =
        new SharedStepBenchmark(depth, batch, config).run(registry, loss, steps, children);
    System.out.printf(Locale.ROOT, "backbone alone: %.1f ms/step%n", r.backboneMillis());
    System.out.printf(Locale.ROOT, "random child (median of %d): %.1f ms/step%n", children,
        r.childMillis());
    System.out.printf(Locale.ROOT, "largest child (%s): %.1f ms/step%n", r.largestChild(),
        r.largestChildMillis());
    System.out.printf(Locale.ROOT, "shared model: %.1f ms/step; ratio to a random child %.2f, "
            + "to the largest child %.2f, to the backbone %.2f%n", r.sharedMillis(),
        r.sharedMillis() / r.childMillis(), r.sharedMillis() / r.largestChildMillis(),
        r.sharedMillis() / r.backboneMillis());
    if (profileSteps > 0) {
      SharedStepBenchmark.Profiles p = new SharedStepBenchmark(depth, batch, config)
          .profile(registry, loss, profileSteps);
      System.out.print("shared model (selecting the largest child), " + p.shared().describe(12));
      System.out.print("largest child alone, " + p.largestChild().describe(12));
    }
    return 0;
  }
}
