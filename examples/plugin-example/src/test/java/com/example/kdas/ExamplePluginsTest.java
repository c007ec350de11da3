package com.example.kdas;

import io.kdas.api.search.SearchSpace;
import io.kdas.testkit.PluginConformance;
import io.kdas.testkit.StrategyConformance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example plugins pass the same conformance kit as KDAS's built-ins. */
class ExamplePluginsTest {

  @Test
  void lossConforms() {
    PluginConformance.assertLossPluginConforms(new ConfidenceWeightedKdPlugin());
  }

  @Test
  void operationConforms() {
    PluginConformance.assertOperationPluginConforms(new FactorizedConvPlugin());
  }

  @Test
  void strategyConforms() {
    StrategyConformance.assertStrategyConforms(new CoordinateDescentPlugin(),
        new SearchSpace(3, List.of("identity", "conv-3x1-1x3", "max-pool-3x3"), 2));
  }
}
