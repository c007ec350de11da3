package io.kdas.plugins.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.param.PluginParameters;
import io.kdas.api.search.ChildTraining;
import io.kdas.api.search.SearchSpace;
import io.kdas.api.search.SearchStrategy;
import io.kdas.proto.Architecture;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Random search is uniform, hits the optimum at the analytic rate, and does not repeat itself. */
class RandomSearchStrategyTest {

  /** 2 layers, 3 operations, 1 connection: 2^2 * 3^2 = 36 architectures. */
  static final SearchSpace EASY = new SearchSpace(2, List.of("a", "b", "c"), 1);

  private static SearchStrategy random(boolean noRepeats) {
    RandomSearchPlugin plugin = new RandomSearchPlugin();
    PluginParameters p =
        plugin.parameters().resolve(Map.of("no-repeats", Boolean.toString(noRepeats)));
    return plugin.create(p);
  }

  @Test
  void trainsChildrenIndependently() {
    assertEquals(ChildTraining.INDEPENDENT, random(true).childTraining());
  }

  @Test
  void everyDecisionIsUniform() {
    SearchSpace space = SyntheticObjective.PAPER_LIKE;
    SpaceCodec codec = new SpaceCodec(space);
    SearchStrategy s = random(true);
    s.start(space, 123);
    int n = 7_000;
    int[][] ops = new int[space.layers()][7];
    int[][] ones = new int[space.layers()][2];
    for (Architecture a : s.ask(n)) {
      Genome g = codec.decode(a);
      for (int l = 0; l < space.layers(); l++) {
        ops[l][g.get(3 * l)]++;
        ones[l][0] += g.get(3 * l + 1);
        ones[l][1] += g.get(3 * l + 2);
      }
    }
    for (int l = 0; l < space.layers(); l++) {
      double chi2 = chiSquare(ops[l], n / 7.0);
      assertTrue(chi2 < 22.46, "operations of layer " + l + ": chi-square " + chi2
          + " (6 df; 22.46 is p = 0.001)");
      for (int j = 0; j < 2; j++) {
        double z = (ones[l][j] - n / 2.0) / Math.sqrt(n / 4.0);
        assertTrue(Math.abs(z) < 3.3, "bit " + j + " of layer " + l + ": z = " + z);
      }
    }
  }

  @Test
  void wholeArchitecturesAreUniformWithRepeats() {
    SpaceCodec codec = new SpaceCodec(EASY);
    SearchStrategy s = random(false);
    s.start(EASY, 5);
    int n = 3_600;
    int[] counts = new int[36];
    for (Architecture a : s.ask(n)) {
      counts[(int) codec.index(codec.decode(a))]++;
    }
    double chi2 = chiSquare(counts, n / 36.0);
    assertTrue(chi2 < 66.62, "chi-square " + chi2 + " (35 df; 66.62 is p = 0.001)");
  }

  @Test
  void hitsTheOptimumAtTheAnalyticRate() {
    // Without repeats, N proposals from S architectures contain a given one with probability
    // exactly N / S; with repeats, 1 - (1 - 1/S)^N.
    int seeds = 400;
    int budget = 9;
    for (boolean noRepeats : new boolean[] {true, false}) {
      int hits = 0;
      for (int seed = 0; seed < seeds; seed++) {
        SyntheticObjective objective = new SyntheticObjective(EASY, 77 + seed, 0);
        hits += SearchRun.evaluationsToOptimum(random(noRepeats), objective, seed, budget, 3) > 0
            ? 1 : 0;
      }
      double p = noRepeats ? budget / 36.0 : 1 - Math.pow(35 / 36.0, budget);
      double sd = Math.sqrt(seeds * p * (1 - p));
      assertTrue(Math.abs(hits - seeds * p) < 4 * sd, "no-repeats=" + noRepeats + ": " + hits
          + " of " + seeds + " searches hit; expected " + seeds * p + " +- " + sd);
    }
  }

  @Test
  void proposesEachArchitectureOncePerPass() {
    SearchStrategy s = random(true);
    s.start(EASY, 9);
    SpaceCodec codec = new SpaceCodec(EASY);
    for (int pass = 0; pass < 3; pass++) {
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < 12; i++) {
        for (Architecture a : s.ask(3)) {
          assertTrue(seen.add(codec.index(codec.decode(a))), "repeated within pass " + pass);
        }
      }
      assertEquals(36, seen.size());
    }
  }

  @Test
  void rejectsTellsOutsideTheSpaceAndUseBeforeStart() {
    SearchStrategy s = random(true);
    assertThrows(IllegalStateException.class, () -> s.ask(1));
    s.start(EASY, 1);
    assertThrows(IllegalArgumentException.class, () -> s.ask(0));
    Architecture outside = new SpaceCodec(SyntheticObjective.PAPER_LIKE)
        .encode(Genome.of(0, 0, 0, 0, 0, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> s.tell(outside, new SyntheticObjective(EASY, 1, 0).evaluate(s.ask(1).get(0))));
  }

  private static double chiSquare(int[] counts, double expected) {
    double chi2 = 0;
    for (int c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    return chi2;
  }
}
