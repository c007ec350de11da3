package io.kdas.api.search;

import io.kdas.api.Plugin;
import io.kdas.api.PluginKind;

/**
 * The service interface of search-strategy plugins; register implementations with {@code
 * @AutoService}.
 */
public interface SearchStrategyPlugin extends Plugin<SearchStrategy> {

  @Override
  default PluginKind kind() {
    return PluginKind.STRATEGY;
  }
}
