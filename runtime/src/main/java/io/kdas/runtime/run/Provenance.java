package io.kdas.runtime.run;

import io.kdas.api.PluginDescriptor;
import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.Spi;
import io.kdas.proto.RunSpec;
import io.kdas.proto.StudentSpec;
import io.kdas.runtime.search.OperationCatalog;
import io.kdas.runtime.train.CpuFeatures;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.TensorFlow;

/** Versions, seed and data identity: what it takes to reproduce a run from its folder. */
final class Provenance {

  private Provenance() {}

  private static void describe(StringBuilder b, PluginDescriptor d) {
    b.append(d.kind().label()).append(' ').append(d.name()).append(": version ")
        .append(d.plugin().version()).append(", SPI ").append(d.plugin().spiVersion())
        .append(", from ").append(d.origin()).append('\n');
  }

  static String describe(RunSpec spec, PluginRegistry registry, String dataIdentity) {
    StringBuilder b = new StringBuilder();
    Package kdas = Provenance.class.getPackage();
    b.append("kdas: ").append(kdas.getImplementationVersion() == null ? "development build"
        : kdas.getImplementationVersion()).append(" (SPI ").append(Spi.VERSION).append(")\n");
    b.append("tensorflow: ").append(TensorFlow.version()).append('\n');
    b.append("java: ").append(System.getProperty("java.version")).append(' ')
        .append(System.getProperty("java.vm.name")).append('\n');
    b.append("os: ").append(System.getProperty("os.name")).append(' ')
        .append(System.getProperty("os.arch")).append(", ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores\n");
    b.append("cpu: ").append(CpuFeatures.ofThisMachine().describe()).append('\n');
    b.append("precision: ").append(spec.getDevice().getPrecision()).append('\n');
    b.append("seed: ").append(spec.getSeed()).append('\n');
    b.append("data: ").append(dataIdentity).append('\n');
    Set<String> losses = new LinkedHashSet<>();
    for (StudentSpec s : spec.getStudentList()) {
      losses.add(s.getLoss().getName());
    }
    for (String loss : losses) {
      describe(b, registry.find(PluginKind.LOSS, loss));
    }
    if (spec.hasSearch()) {
      var search = spec.getSearch();
      describe(b, registry.find(PluginKind.STRATEGY, search.getStrategy().getName()));
      if (!losses.contains(search.getLoss().getName())) {
        describe(b, registry.find(PluginKind.LOSS, search.getLoss().getName()));
      }
      List<String> ops = search.getOperationCount() > 0 ? search.getOperationList()
          : OperationCatalog.PAPER_OPERATIONS;
      for (String op : ops) {
        describe(b, registry.find(PluginKind.OPERATION, op));
      }
    }
    return b.toString();
  }
}
