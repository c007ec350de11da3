package io.kdas.runtime.cli;

import io.kdas.api.PluginDescriptor;
import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.param.ParameterSpec;
import io.kdas.runtime.train.Devices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdas plugins}: what is installed, by kind, with versions, origins and parameters. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
    description = "List the installed plugins by kind, name, version and origin.")
final class PluginsCommand implements Callable<Integer> {

  @Option(names = "--plugins", paramLabel = "DIR", description = "also load plugin jars from DIR")
  List<Path> pluginDirs = new ArrayList<>();

  @Option(names = "--debug", description = "print stack traces of unexpected failures")
  boolean debug;

  @Override
  public Integer call() {
    PluginRegistry registry = PluginRegistry.load(pluginDirs);
    for (PluginKind kind : PluginKind.values()) {
      List<PluginDescriptor> plugins = registry.list(kind);
      System.out.println(kind.label() + " plugins (" + plugins.size() + "):");
      for (PluginDescriptor d : plugins) {
        System.out.printf("  %-22s %-6s SPI %d  %s%n", d.name(), d.plugin().version(),
            d.plugin().spiVersion(), d.origin());
        System.out.printf("  %-22s %s%n", "", d.plugin().description());
        for (ParameterSpec p : d.plugin().parameters().specs()) {
          System.out.printf("  %-22s   %s = %s  (%s) %s%n", "", p.name(), p.defaultValue(),
              p.allowed(), p.description());
        }
      }
    }
    // What a spec's device section can ask for on this machine and build.
    System.out.println("devices: " + Devices.describe(Devices.list()));
    return 0;
  }
}
