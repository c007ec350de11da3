package io.kdas.runtime.search;

import io.kdas.api.search.SearchStrategy;
import io.kdas.proto.Architecture;
import java.util.HashMap;
import java.util.Map;

/**
 * The networks already scored (by canonical form) while their score still holds: a proposal of
 * one of them is told the earlier result and logged as a duplicate instead of being trained or
 * scored again.
 */
final class ScoredNetworks {

  private final Map<Architecture, Trial> scored = new HashMap<>();
  private final SearchLog log;

  ScoredNetworks(SearchLog log) {
    this.log = log;
  }

  /**
   * Tells {@code strategy} the earlier result when {@code network} was scored already.
   *
   * @return whether it was (and the proposal is handled)
   */
  boolean answerDuplicate(SearchStrategy strategy, Architecture proposal, Architecture network) {
    Trial earlier = scored.get(network);
    if (earlier == null) {
      return false;
    }
    strategy.tell(proposal, earlier.result());
    log.duplicate(network, earlier);
    return true;
  }

  /** Whether {@code network} (canonical) was scored already. */
  boolean contains(Architecture network) {
    return scored.containsKey(network);
  }

  /** Remembers a scored trial of its (canonical) network. */
  void add(Trial trial, Architecture network) {
    scored.put(network, trial);
  }
}
