package io.kdas.runtime.cli;

import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.DeviceSpec;
import io.kdas.runtime.bench.Medians;
import io.kdas.runtime.bench.DistillationCostBenchmark;
import io.kdas.runtime.train.SessionConfig;
import io.kdas.runtime.spec.SpecDefaults;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdas bench distill}: a distillation epoch (warm store) against a cross-entropy one. */
@Command(name = "distill", mixinStandardHelpOptions = true,
    description = "Time one epoch of a student with a distillation loss (teacher store warm) "
        + "and with cross-entropy, alternately; print medians and their ratio.")
final class DistillBenchCommand implements Callable<Integer> {

  @Option(names = "--loss", description = "distillation loss (default ${DEFAULT-VALUE})")
  String loss = "oracle-kd";

  @Option(names = "--depth", description = "student ResNet depth (default ${DEFAULT-VALUE})")
  int depth = 20;

  @Option(names = "--teachers", description = "teachers (default ${DEFAULT-VALUE})")
  int teachers = 5;

  @Option(names = "--examples", description = "training images (default ${DEFAULT-VALUE})")
  int examples = 5000;

  @Option(names = "--batch", description = "batch size (default ${DEFAULT-VALUE})")
  int batch = 128;

  @Option(names = "--repeats", description = "timed epochs of each (default ${DEFAULT-VALUE})")
  int repeats = 3;

  @Option(names = "--debug", description = "print stack traces of unexpected failures")
  boolean debug;

  @Override
  public Integer call() throws Exception {
    PluginRegistry registry = PluginRegistry.fromClassPath();
    DistillationLoss distill =
        registry.create(PluginKind.LOSS, loss, Map.of(), DistillationLoss.class);
    DistillationLoss crossEntropy =
        registry.create(PluginKind.LOSS, "cross-entropy", Map.of(), DistillationLoss.class);
    var config = SessionConfig.of(SpecDefaults.fill(DeviceSpec.getDefaultInstance()));
    DistillationCostBenchmark.Result r = new DistillationCostBenchmark(depth, teachers,
        examples, batch, config).run(distill, crossEntropy, repeats);
    double kd = Medians.of(r.distillSeconds());
    double ce = Medians.of(r.crossEntropySeconds());
    System.out.printf(Locale.ROOT, "resnet-%d student, %d teachers, %d images, batch %d%n",
        depth, teachers, examples, batch);
    System.out.printf(Locale.ROOT, "%s epochs (s): %s%ncross-entropy epochs (s): %s%n", loss,
        r.distillSeconds(), r.crossEntropySeconds());
    System.out.printf(Locale.ROOT, "median %s epoch %.2f s, cross-entropy epoch %.2f s, "
        + "ratio %.3f (teacher views stored: %d)%n", loss, kd, ce, kd / ce, r.storedViews());
    return 0;
  }

}
