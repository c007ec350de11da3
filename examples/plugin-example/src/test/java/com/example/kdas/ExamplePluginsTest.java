package com.example.kdas;

import io.kdas.api.PluginKind;
import io.kdas.api.testing.PluginConformance;
import org.junit.jupiter.api.Test;

/** The example plugins pass the same conformance kit as KDAS's built-ins. */
class ExamplePluginsTest {

  @Test
  void lossConforms() {
    PluginConformance.assertConforms(new ConfidenceWeightedKdPlugin());
    PluginConformance.assertDiscoverable(PluginKind.LOSS, "confidence-weighted-kd");
  }

  @Test
  void operationAndStrategyConform() {
    PluginConformance.assertConforms(new FactorizedConvPlugin());
    PluginConformance.assertConforms(new CoordinateDescentPlugin());
    PluginConformance.assertDiscoverable(PluginKind.OPERATION, "conv-3x1-1x3");
    PluginConformance.assertDiscoverable(PluginKind.STRATEGY, "coordinate-descent");
  }
}
