package io.kdas.plugins.search;

import com.google.auto.service.AutoService;
import io.kdas.api.Spi;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.ParameterSpec;
import io.kdas.api.param.PluginParameters;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.SearchStrategyPlugin;

/** {@code random}: uniform random search, each proposal trained independently. */
@AutoService(SearchStrategyPlugin.class)
public final class RandomSearchPlugin implements SearchStrategyPlugin {

  static final String NAME = "random";

  private static final ParameterSpec NO_REPEATS = ParameterSpec.bool("no-repeats", true,
      "do not propose an architecture twice until every architecture of the space was proposed");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return "1.0";
  }

  @Override
  public int spiVersion() {
    return Spi.VERSION;
  }

  @Override
  public String description() {
    return "uniform random search over the space (the baseline of every search)";
  }

  @Override
  public ParameterSchema parameters() {
    return ParameterSchema.of(NO_REPEATS);
  }

  @Override
  public SearchStrategy create(PluginParameters parameters) {
    return new RandomSearchStrategy(parameters.bool(NO_REPEATS.name()));
  }
}
