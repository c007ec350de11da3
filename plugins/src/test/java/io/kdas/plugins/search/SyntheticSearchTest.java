package io.kdas.plugins.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.Plugin;
import io.kdas.api.search.SearchStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The strategies against random search on {@link SyntheticObjective#PAPER_LIKE} (3 layers, 7
 * operations, 2 connections: 21,952 architectures), with no training: the reward of an
 * architecture is the fraction of its 9 decisions that match a hidden target. Each search gets a
 * budget of evaluations and 10 seeds (target and strategy seed both vary); random search would
 * hit the optimum in 10 * N / 21,952 of them on average.
 */
class SyntheticSearchTest {

  private static final int SEEDS = 10;
  private static final double SPACE_SIZE = 21_952;

  @Test
  void regularizedEvolutionFindsTheOptimumFarMoreOftenThanChance() {
    int budget = 1_000;
    List<Integer> found = search(() -> create(new RegularizedEvolutionPlugin(), Map.of()),
        budget, 0, 1);
    assertFarAboveChance("regularized-evolution", found, budget, 9, 400);
  }

  @Test
  void regularizedEvolutionCopesWithNoiseAndBatchedAsks() {
    int budget = 1_000;
    List<Integer> found = search(() -> create(new RegularizedEvolutionPlugin(), Map.of()),
        budget, 0.05, 4);
    assertFarAboveChance("regularized-evolution, noise 0.05, ask(4)", found, budget, 9, 400);
  }

  @Test
  void reinforceWithDefaultsFindsTheOptimumFarMoreOftenThanChance() {
    int budget = 2_500;
    List<Integer> found = search(() -> create(new ReinforcePlugin(), Map.of()), budget, 0, 1);
    assertFarAboveChance("reinforce", found, budget, 9, 1_200);
  }

  @Test
  void randomSearchHitsAboutTheAnalyticRate() {
    int budget = 1_000;
    List<Integer> found = search(() -> create(new RandomSearchPlugin(), Map.of()), budget, 0, 8);
    long hits = found.stream().filter(e -> e > 0).count();
    // Expected 10 * 1000 / 21952 = 0.46 hits; P(hits >= 4) < 0.001.
    assertTrue(hits <= 3, "random search hit the optimum in " + hits + " of " + SEEDS
        + " searches; expected " + SEEDS * budget / SPACE_SIZE);
  }

  /** Evaluations to the optimum per seed, -1 where the budget ran out. */
  private static List<Integer> search(
      Supplier<SearchStrategy> strategies, int budget, double noise, int perAsk) {
    List<Integer> found = new ArrayList<>();
    for (int seed = 0; seed < SEEDS; seed++) {
      SyntheticObjective objective =
          new SyntheticObjective(SyntheticObjective.PAPER_LIKE, 1000 + seed, noise);
      found.add(SearchRun.evaluationsToOptimum(strategies.get(), objective, seed, budget, perAsk));
    }
    return found;
  }

  private static void assertFarAboveChance(
      String who, List<Integer> found, int budget, int minHits, int maxMedian) {
    long hits = found.stream().filter(e -> e > 0).count();
    double chance = SEEDS * budget / SPACE_SIZE;
    List<Integer> sorted = found.stream().map(e -> e < 0 ? Integer.MAX_VALUE : e).sorted().toList();
    int median = sorted.get(SEEDS / 2);
    String detail = who + ": evaluations to the optimum per seed " + found + " (budget " + budget
        + "); random search would hit in " + chance + " of " + SEEDS + " searches";
    assertTrue(hits >= minHits, detail);
    assertTrue(hits >= 5 * chance, detail);
    assertTrue(median <= maxMedian, detail + "; median " + median + " > " + maxMedian);
  }

  private static SearchStrategy create(Plugin<SearchStrategy> plugin, Map<String, String> params) {
    return plugin.create(plugin.parameters().resolve(params));
  }
}
