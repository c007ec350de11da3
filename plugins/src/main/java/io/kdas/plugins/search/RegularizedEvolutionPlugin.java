package io.kdas.plugins.search;

import com.google.auto.service.AutoService;
import io.kdas.api.Spi;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.ParameterSpec;
import io.kdas.api.param.PluginParameters;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.SearchStrategyPlugin;

/**
 * {@code regularized-evolution}: aging evolution (Real et al. 2019), each proposal trained
 * independently.
 */
@AutoService(SearchStrategyPlugin.class)
public final class RegularizedEvolutionPlugin implements SearchStrategyPlugin {

  static final String NAME = "regularized-evolution";

  private static final ParameterSpec POPULATION = ParameterSpec.integer("population", 20, 2,
      1_000_000, "members kept alive; also the number of random proposals that seed the search");
  private static final ParameterSpec SAMPLE = ParameterSpec.integer("sample", 5, 1, 1_000_000,
      "tournament size: members drawn (with replacement) to pick each parent");

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
    return "regularized (aging) evolution with tournament selection and one-decision mutations";
  }

  @Override
  public ParameterSchema parameters() {
    return ParameterSchema.of(POPULATION, SAMPLE);
  }

  @Override
  public SearchStrategy create(PluginParameters parameters) {
    int population = parameters.integer(POPULATION.name());
    int sample = parameters.integer(SAMPLE.name());
    if (sample > population) {
      throw new IllegalArgumentException(
          "sample (" + sample + ") must not exceed population (" + population + ")");
    }
    return new RegularizedEvolutionStrategy(population, sample);
  }
}
