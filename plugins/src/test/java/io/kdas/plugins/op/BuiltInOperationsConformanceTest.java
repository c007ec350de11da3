package io.kdas.plugins.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.PluginDescriptor;
import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.testkit.PluginConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The api conformance kit, run on the built-in operations as a third-party plugin would run it. */
class BuiltInOperationsConformanceTest {

  private static final Set<String> NAMES = Set.of("identity", "conv-3x3", "conv-5x5",
      "sep-conv-3x3", "sep-conv-5x5", "max-pool-3x3", "avg-pool-3x3", "dil-conv-3x3", "zero");

  @ParameterizedTest
  @ValueSource(strings = {"identity", "conv-3x3", "conv-5x5", "sep-conv-3x3", "sep-conv-5x5",
      "max-pool-3x3", "avg-pool-3x3", "dil-conv-3x3", "zero"})
  void conforms(String name) {
    PluginDescriptor d = PluginConformance.assertDiscoverable(PluginKind.OPERATION, name);
    PluginConformance.assertOperationPluginConforms((CandidateOperationPlugin) d.plugin());
  }

  @Test
  void theNineBuiltInsAreRegisteredFromThisModulesClasses() {
    PluginRegistry registry = PluginRegistry.fromClassPath();
    Set<String> found = registry.list(PluginKind.OPERATION).stream()
        .filter(d -> d.plugin().getClass().getPackage() == ZeroOperationPlugin.class.getPackage())
        .map(PluginDescriptor::name)
        .collect(Collectors.toSet());
    assertEquals(NAMES, found);
    for (String name : NAMES) {
      PluginDescriptor d = registry.find(PluginKind.OPERATION, name);
      String classFile = d.plugin().getClass().getName().replace('.', '/') + ".class";
      assertTrue(Files.isRegularFile(Path.of(d.origin()).resolve(classFile)),
          name + " should come from " + d.origin());
    }
  }
}
