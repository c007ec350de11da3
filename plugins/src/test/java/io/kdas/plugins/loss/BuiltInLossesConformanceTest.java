package io.kdas.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.PluginDescriptor;
import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.loss.DistillationLossPlugin;
import io.kdas.testkit.PluginConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The api conformance kit, run on the built-in losses as a third-party plugin would run it. */
class BuiltInLossesConformanceTest {

  @ParameterizedTest
  @ValueSource(strings = {"cross-entropy", "ensemble-kd", "oracle-kd"})
  void conforms(String name) {
    PluginDescriptor d = PluginConformance.assertDiscoverable(PluginKind.LOSS, name);
    PluginConformance.assertLossPluginConforms((DistillationLossPlugin) d.plugin());
  }

  @ParameterizedTest
  @ValueSource(strings = {"cross-entropy", "ensemble-kd", "oracle-kd"})
  void isRegisteredFromThisModulesClasses(String name) {
    PluginDescriptor d = PluginRegistry.fromClassPath().find(PluginKind.LOSS, name);
    assertEquals(CrossEntropyLossPlugin.class.getPackage(), d.plugin().getClass().getPackage());
    Path origin = Path.of(d.origin());
    String classFile = d.plugin().getClass().getName().replace('.', '/') + ".class";
    assertTrue(Files.isRegularFile(origin.resolve(classFile)),
        name + " should come from " + origin);
  }

  @Test
  void everyOracleConfigurationConforms() {
    OracleKdLossPlugin plugin = new OracleKdLossPlugin();
    for (String combination : List.of("mean-probabilities", "mean-logits", "most-confident")) {
      for (String fallback : List.of("cross-entropy", "ensemble-kd")) {
        DistillationLoss loss = plugin.create(plugin.parameters().resolve(
            Map.of("combination", combination, "fallback", fallback, "temperature", "3",
                "alpha", "0.6")));
        PluginConformance.assertLossBuildsAndDifferentiates(loss);
        PluginConformance.assertTeacherUseDeclared(loss);
        PluginConformance.assertDeterministic(loss);
      }
    }
  }
}
