package io.kdas.plugins.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.search.ChildTraining;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReinforceStrategyTest {

  private static ReinforceStrategy reinforce(Map<String, String> params) {
    ReinforcePlugin plugin = new ReinforcePlugin();
    return (ReinforceStrategy) plugin.create(plugin.parameters().resolve(params));
  }

  @Test
  void childrenShareWeights() {
    assertEquals(ChildTraining.SHARED_WEIGHTS, reinforce(Map.of()).childTraining());
  }

  /** The controller's own choice converges on the optimum, and its samples follow. */
  @Test
  void controllerLearnsTheHiddenTarget() {
    SyntheticObjective objective = new SyntheticObjective(SyntheticObjective.PAPER_LIKE, 4242, 0);
    ReinforceStrategy s = reinforce(Map.of());
    s.start(objective.space(), 8);
    double first = 0;
    double last = 0;
    for (int t = 0; t < 2_000; t++) {
      Architecture a = s.ask(1).get(0);
      TrialResult r = objective.evaluate(a);
      first += t < 200 ? r.reward() / 200 : 0;
      last += t >= 1_800 ? r.reward() / 200 : 0;
      s.tell(a, r);
    }
    assertEquals(objective.optimum(), s.mostLikely(), "greedy architecture after 2000 tells");
    assertTrue(first < 0.6 && last > 0.9, "mean reward " + first + " -> " + last);
  }

  @Test
  void updatesOncePerBatchAndNeverOnUntoldAsks() {
    ReinforceStrategy s = reinforce(Map.of("batch", "3", "hidden-size", "8"));
    SyntheticObjective objective = new SyntheticObjective(SyntheticObjective.PAPER_LIKE, 1, 0);
    s.start(objective.space(), 2);
    List<Architecture> training = s.ask(5); // the runtime trains shared weights on these
    assertEquals(5, training.size());
    assertEquals(0, s.updates());
    for (int t = 1; t <= 7; t++) {
      Architecture a = s.ask(1).get(0);
      s.tell(a, objective.evaluate(a));
      assertEquals(t / 3, s.updates(), "updates after " + t + " tells");
    }
  }

  @Test
  void failedAndNonFiniteRewardsCountAsTheFailureReward() {
    Map<String, String> params = Map.of("failure-reward", "0.2", "hidden-size", "8");
    List<TrialResult> equivalent = List.of(
        new TrialResult(0.2, 0.2, 1, 4, 0, null),
        new TrialResult(Double.NaN, 0, 0, 0, 0, "diverged"),
        new TrialResult(0.9, 0.9, 0, 0, 0, "failed after scoring"),
        new TrialResult(Double.NEGATIVE_INFINITY, 0.9, 1, 4, 0, null));
    byte[] expected = null;
    for (TrialResult failed : equivalent) {
      ReinforceStrategy s = reinforce(params);
      s.start(SyntheticObjective.PAPER_LIKE, 5);
      List<Architecture> a = s.ask(3);
      s.tell(a.get(0), new TrialResult(0.7, 0.7, 1, 4, 0, null));
      s.tell(a.get(1), failed);
      s.tell(a.get(2), new TrialResult(0.4, 0.4, 1, 4, 0, null));
      byte[] state = s.saveState();
      if (expected == null) {
        expected = state;
      } else {
        assertArrayEquals(expected, state, "state after telling " + failed);
      }
    }
  }

  @Test
  void askingAdvancesTheGeneratorAndTellingTrainsTheController() {
    ReinforceStrategy told = reinforce(Map.of("hidden-size", "8"));
    ReinforceStrategy untold = reinforce(Map.of("hidden-size", "8"));
    told.start(SyntheticObjective.PAPER_LIKE, 9);
    untold.start(SyntheticObjective.PAPER_LIKE, 9);
    byte[] before = untold.saveState();
    List<Architecture> a = told.ask(4);
    assertEquals(a, untold.ask(4));
    for (int i = 0; i < a.size(); i++) {
      told.tell(a.get(i), new TrialResult(i, i, 1, 4, 0, null));
    }
    byte[] after = untold.saveState();
    assertFalse(Arrays.equals(before, after), "asking advances the generator");
    assertFalse(Arrays.equals(told.saveState(), after), "telling changes the controller");
  }

  @Test
  void refusesAStateSavedWithOtherSettings() {
    Map<String, String> small = new HashMap<>(Map.of("hidden-size", "8"));
    ReinforceStrategy a = reinforce(small);
    a.start(SyntheticObjective.PAPER_LIKE, 1);
    small.put("learning-rate", "0.01");
    ReinforceStrategy b = reinforce(small);
    b.start(SyntheticObjective.PAPER_LIKE, 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.restoreState(a.saveState()));
    assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
  }
}
