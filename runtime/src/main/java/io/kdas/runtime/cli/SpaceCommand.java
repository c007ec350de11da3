package io.kdas.runtime.cli;

import io.kdas.api.PluginRegistry;
import io.kdas.api.op.OperationCost;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import io.kdas.proto.RunSpec;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.search.MemoryBudget;
import io.kdas.runtime.search.SearchPlan;
import io.kdas.runtime.spec.RunPlan;
import io.kdas.runtime.spec.SpecSource;
import io.kdas.runtime.spec.SpecValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kdas space SPEC}: the search space of a spec, its size and its range of model sizes. */
@Command(name = "space", mixinStandardHelpOptions = true,
    description = "Print the architecture search space of SPEC: positions, candidates, size, "
        + "and the smallest and largest child against the memory budget.")
final class SpaceCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC", description = "run spec with a search section")
  Path spec;

  @Option(names = "--plugins", paramLabel = "DIR", description = "also load plugin jars from DIR")
  List<Path> pluginDirs = new ArrayList<>();

  @Option(names = "--classes", description = "classes of the data (default ${DEFAULT-VALUE})")
  int classes = 10;

  @Option(names = "--image-size", description = "input size (default ${DEFAULT-VALUE})")
  int imageSize = 32;

  @Option(names = "--debug", description = "print stack traces of unexpected failures")
  boolean debug;

  @Override
  public Integer call() {
    SpecSource source = SpecSource.read(spec);
    PluginRegistry registry = PluginRegistry.load(pluginDirs);
    RunPlan run = new SpecValidator(source, registry).validate();
    RunSpec resolved = run.spec();
    if (!run.needsSearch()) {
      System.out.println(spec + ": no search (no student has 'searched: true')");
      return 0;
    }
    SearchPlan plan = run.search().space();
    ModelDefinition base = new ModelDefinition(plan.backbone(), classes, imageSize, imageSize,
        new ChannelStats(new float[] {0, 0, 0}, new float[] {1, 1, 1}));
    var space = plan.space();
    System.out.printf(Locale.ROOT, "backbone %s, add-on layers at %s%n", base.label(),
        plan.complete(Architecture.getDefaultInstance()).getPositionList().stream()
            .map(p -> "stage " + p.getStage() + " block " + p.getAfterBlock()).toList());
    System.out.printf(Locale.ROOT, "candidates (%d): %s; %d connection decisions per layer%n",
        space.operations().size(), String.join(", ", space.operations()), space.connections());
    System.out.printf(Locale.ROOT, "size: 2^(%d*%d) * %d^%d = %,d architectures, %,d distinct "
            + "networks%s%n", space.connections(), space.layers(), space.operations().size(),
        space.layers(), space.size(), plan.distinctNetworks(),
        plan.distinctNetworks().equals(space.size()) ? " (every decision is live)"
            : " (some connections reach before the input: those decisions are dead)");
    System.out.println("connections: " + plan.connectionRule());
    MemoryBudget budget = new MemoryBudget(resolved.getSearch().getBudget());
    OperationCost backbone = base.cost();
    System.out.printf(Locale.ROOT, "backbone alone: %,d parameters, %,d bytes, %,d MACs%n",
        backbone.parameters(), backbone.bytes(), backbone.flops());
    OperationCost largest = null;
    for (String op : space.operations()) {
      OperationCost c = plan.cost(base, uniform(space.layers(), space.connections(), op));
      largest = largest == null || c.bytes() > largest.bytes() ? c : largest;
    }
    System.out.printf(Locale.ROOT, "largest uniform child: %,d parameters, %,d bytes, %,d MACs;"
        + " budget: %s%n", largest.parameters(), largest.bytes(), largest.flops(),
        budget.describe());
    return 0;
  }

  private static Architecture uniform(int layers, int connections, String op) {
    Architecture.Builder b = Architecture.newBuilder();
    for (int j = 0; j < layers; j++) {
      AddOnLayer.Builder l = b.addLayerBuilder().setOperation(op);
      for (int i = 0; i < connections; i++) {
        l.addConnection(true);
      }
    }
    return b.build();
  }
}
