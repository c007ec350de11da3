package io.kdas.plugins.search;

import io.kdas.api.search.SearchStrategy;
import io.kdas.proto.Architecture;
import java.util.List;

/** Drives a strategy on a {@link SyntheticObjective} as the runtime would: ask, score, tell. */
final class SearchRun {

  private SearchRun() {}

  /**
   * Evaluations until the first proposal that is the optimum (counting it), or -1 if the budget
   * runs out first.
   *
   * @param perAsk how many architectures each {@code ask} requests
   */
  static int evaluationsToOptimum(
      SearchStrategy strategy, SyntheticObjective objective, long seed, int budget, int perAsk) {
    strategy.start(objective.space(), seed);
    int evaluations = 0;
    while (evaluations < budget) {
      List<Architecture> asked = strategy.ask(Math.min(perAsk, budget - evaluations));
      for (Architecture a : asked) {
        evaluations++;
        if (objective.isOptimum(a)) {
          return evaluations;
        }
      }
      for (int i = asked.size() - 1; i >= 0; i--) { // results arrive in any order
        strategy.tell(asked.get(i), objective.evaluate(asked.get(i)));
      }
    }
    return -1;
  }
}
