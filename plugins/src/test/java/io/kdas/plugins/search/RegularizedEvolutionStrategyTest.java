package io.kdas.plugins.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.search.ChildTraining;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegularizedEvolutionStrategyTest {

  private static final SpaceCodec CODEC = new SpaceCodec(SyntheticObjective.PAPER_LIKE);

  private static SearchStrategy evolution(int population, int sample) {
    RegularizedEvolutionPlugin plugin = new RegularizedEvolutionPlugin();
    return plugin.create(plugin.parameters().resolve(Map.of(
        "population", Integer.toString(population), "sample", Integer.toString(sample))));
  }

  private static TrialResult reward(double r) {
    return new TrialResult(r, r, 1, 4, 0, null);
  }

  private static TrialResult failure() {
    return new TrialResult(Double.NaN, 0, 0, 0, 0, "out of memory");
  }

  @Test
  void trainsChildrenIndependently() {
    assertEquals(ChildTraining.INDEPENDENT, evolution(20, 5).childTraining());
  }

  /**
   * After the random start, every child is one decision away from a member of the living
   * population: the last {@code population} architectures told. The rewards fall with time, so
   * the best member is always the oldest: were the oldest kept (no aging), its descendants would
   * soon be more than one decision from every living member.
   */
  @Test
  void childrenAreOneMutationFromALivingMemberAndTheOldestDies() {
    int population = 5;
    SearchStrategy s = evolution(population, 5);
    s.start(SyntheticObjective.PAPER_LIKE, 31);
    Deque<Genome> living = new ArrayDeque<>();
    for (int t = 0; t < 400; t++) {
      Architecture child = s.ask(1).get(0);
      Genome g = CODEC.decode(child);
      if (t >= population) {
        assertTrue(living.stream().anyMatch(m -> distance(m, g) == 1),
            "proposal " + t + " is not one mutation from a living member");
      }
      s.tell(child, t % 9 == 4 ? failure() : reward(1.0 - 0.001 * t));
      living.addLast(g);
      if (living.size() > population) {
        living.removeFirst();
      }
    }
  }

  /**
   * Population 2, tournament 2 drawn with replacement, one failed member and one with reward 0:
   * the child descends from the failed one only when both draws pick it (probability 1/4).
   */
  @Test
  void failedTrialsRankBelowEveryReward() {
    int seeds = 400;
    int childrenOfTheFailed = 0;
    int counted = 0;
    for (int seed = 0; seed < seeds; seed++) {
      SearchStrategy s = evolution(2, 2);
      s.start(SyntheticObjective.PAPER_LIKE, seed);
      List<Architecture> start = s.ask(2);
      Genome failed = CODEC.decode(start.get(0));
      Genome ok = CODEC.decode(start.get(1));
      s.tell(start.get(1), reward(0.0));
      s.tell(start.get(0), failure());
      if (distance(failed, ok) < 3) {
        continue; // the parent would be ambiguous
      }
      Genome child = CODEC.decode(s.ask(1).get(0));
      counted++;
      childrenOfTheFailed += distance(child, failed) == 1 ? 1 : 0;
      assertEquals(1, Math.min(distance(child, failed), distance(child, ok)));
    }
    double share = childrenOfTheFailed / (double) counted;
    assertEquals(0.25, share, 4 * Math.sqrt(0.25 * 0.75 / counted),
        childrenOfTheFailed + " of " + counted + " children descend from the failed member");
  }

  @Test
  void outstandingProposalsMayBeToldInAnyOrderButOnlyOnce() {
    SearchStrategy s = evolution(4, 2);
    s.start(SyntheticObjective.PAPER_LIKE, 3);
    List<Architecture> asked = s.ask(6);
    assertEquals(6, asked.size());
    for (int i : new int[] {3, 0, 5, 1, 4, 2}) {
      s.tell(asked.get(i), reward(i / 10.0));
    }
    assertThrows(IllegalArgumentException.class, () -> s.tell(asked.get(0), reward(1)),
        "a second tell of the same proposal");
    Architecture stranger = CODEC.encode(Genome.of(6, 1, 1, 6, 1, 1, 6, 1, 1));
    if (!asked.contains(stranger)) {
      assertThrows(IllegalArgumentException.class, () -> s.tell(stranger, reward(1)));
    }
    assertEquals(3, s.ask(3).size());
  }

  @Test
  void tournamentMayNotExceedThePopulation() {
    RegularizedEvolutionPlugin plugin = new RegularizedEvolutionPlugin();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plugin.create(
        plugin.parameters().resolve(Map.of("population", "4", "sample", "5"))));
    assertTrue(e.getMessage().contains("sample"), e.getMessage());
  }

  static int distance(Genome a, Genome b) {
    int d = 0;
    for (int p = 0; p < a.length(); p++) {
      d += a.get(p) != b.get(p) ? 1 : 0;
    }
    return d;
  }
}
