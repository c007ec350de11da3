package io.kdas.api.search;

import io.kdas.api.Plugin;
import io.kdas.api.PluginKind;

/**
 * The service interface of search-strategy plugins. Register an implementation with
 * {@code @AutoService(SearchStrategyPlugin.class)} or a line naming its class in {@code
 * META-INF/services/io.kdas.api.search.SearchStrategyPlugin}. Specs name it in {@code
 * search.strategy}, with parameters; {@code create} runs once per search, when it starts.
 */
public interface SearchStrategyPlugin extends Plugin<SearchStrategy> {

  @Override
  default PluginKind kind() {
    return PluginKind.STRATEGY;
  }
}
