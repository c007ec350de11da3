package com.example.kdas;

import com.google.auto.service.AutoService;
import io.kdas.api.Spi;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.ParameterSpec;
import io.kdas.api.param.PluginParameters;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.SearchStrategyPlugin;

/**
 * {@code coordinate-descent}: start from a random architecture and change one decision at a
 * time, keeping every change that raises the reward.
 */
@AutoService(SearchStrategyPlugin.class)
public final class CoordinateDescentPlugin implements SearchStrategyPlugin {

  @Override
  public String name() {
    return "coordinate-descent";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public int spiVersion() {
    return Spi.VERSION;
  }

  @Override
  public String description() {
    return "change one decision at a time, keep what improves the reward";
  }

  @Override
  public ParameterSchema parameters() {
    return ParameterSchema.of(ParameterSpec.bool("random-start", true,
        "start from a random architecture (else from the first operation everywhere)"));
  }

  @Override
  public SearchStrategy create(PluginParameters p) {
    return new CoordinateDescentStrategy(p.bool("random-start"));
  }
}
