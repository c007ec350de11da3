package io.kdas.plugins.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.PluginDescriptor;
import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.search.SearchSpace;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.SearchStrategyPlugin;
import io.kdas.testkit.PluginConformance;
import io.kdas.testkit.StrategyConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The api's strategy conformance kit, run on the built-in strategies as a third party would. */
class BuiltInStrategiesConformanceTest {

  private static final List<SearchSpace> EDGE_SPACES = List.of(
      new SearchSpace(1, List.of("only"), 1),
      new SearchSpace(2, List.of("a", "b"), 0),
      new SearchSpace(4, List.of("a", "b", "c"), 3),
      new SearchSpace(0, List.of("a"), 2));

  @ParameterizedTest
  @ValueSource(strings = {"random", "regularized-evolution", "reinforce"})
  void conforms(String name) {
    PluginDescriptor d = PluginConformance.assertDiscoverable(PluginKind.STRATEGY, name);
    StrategyConformance.assertStrategyConforms(
        (SearchStrategyPlugin) d.plugin(), SyntheticObjective.PAPER_LIKE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "regularized-evolution", "reinforce"})
  void isRegisteredFromThisModulesClasses(String name) {
    PluginDescriptor d = PluginRegistry.fromClassPath().find(PluginKind.STRATEGY, name);
    assertEquals(RandomSearchPlugin.class.getPackage(), d.plugin().getClass().getPackage());
    Path origin = Path.of(d.origin());
    String classFile = d.plugin().getClass().getName().replace('.', '/') + ".class";
    assertTrue(Files.isRegularFile(origin.resolve(classFile)), name + " should come from " + origin);
  }

  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of("random", Map.of("no-repeats", "false")),
        Arguments.of("random", Map.of()),
        Arguments.of("regularized-evolution", Map.of("population", "4", "sample", "2")),
        Arguments.of("regularized-evolution", Map.of()),
        Arguments.of("reinforce", Map.of("batch", "3", "hidden-size", "8")),
        Arguments.of("reinforce", Map.of("tanh-constant", "0", "hidden-size", "4")));
  }

  /** Other parameters, and spaces with one operation, no connections, or no layers at all. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("configurations")
  void conformsWithOtherParametersAndOnEdgeSpaces(String name, Map<String, String> params) {
    SearchStrategyPlugin plugin = (SearchStrategyPlugin)
        PluginRegistry.fromClassPath().find(PluginKind.STRATEGY, name).plugin();
    Supplier<SearchStrategy> factory = () -> plugin.create(plugin.parameters().resolve(params));
    for (SearchSpace space : EDGE_SPACES) {
      StrategyConformance.assertProposalsValid(factory, space);
      StrategyConformance.assertDeterministic(factory, space);
      StrategyConformance.assertRestoreContinues(factory, space);
    }
  }
}
