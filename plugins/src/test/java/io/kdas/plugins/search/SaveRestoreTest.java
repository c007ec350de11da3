package io.kdas.plugins.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.search.SearchSpace;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.SearchStrategyPlugin;
import io.kdas.proto.Architecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Save and restore in the middle of a real search: a fresh strategy, started with the same space
 * and seed and restored, continues with the original's proposals — with proposals outstanding at
 * the save, told afterwards to both.
 */
class SaveRestoreTest {

  static List<Arguments> strategies() {
    return List.of(
        Arguments.of("random", Map.of()),
        Arguments.of("random", Map.of("no-repeats", "false")),
        Arguments.of("regularized-evolution", Map.of("population", "10", "sample", "3")),
        Arguments.of("reinforce", Map.of()),
        Arguments.of("reinforce", Map.of("batch", "4", "hidden-size", "16")));
  }

  private static SearchStrategy create(String name, Map<String, String> params) {
    SearchStrategyPlugin plugin = (SearchStrategyPlugin)
        PluginRegistry.fromClassPath().find(PluginKind.STRATEGY, name).plugin();
    return plugin.create(plugin.parameters().resolve(params));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("strategies")
  void restoredStrategyContinuesExactly(String name, Map<String, String> params) {
    SyntheticObjective objective = new SyntheticObjective(SyntheticObjective.PAPER_LIKE, 5, 0.02);
    SearchStrategy original = create(name, params);
    original.start(objective.space(), 99);
    run(original, objective, 50);
    List<Architecture> outstanding = original.ask(3);
    byte[] state = original.saveState();
    assertArrayEquals(state, original.saveState(), "saving twice");

    SearchStrategy restored = create(name, params);
    restored.start(objective.space(), 99);
    restored.restoreState(state);
    assertArrayEquals(state, restored.saveState(), "a restored state saves to the same bytes");

    // The same rewards (the noise generator is copied by replaying the objective) for both.
    SyntheticObjective twin = new SyntheticObjective(SyntheticObjective.PAPER_LIKE, 5, 0.02);
    SearchStrategy warmUp = create(name, params);
    warmUp.start(twin.space(), 99);
    run(warmUp, twin, 50);
    for (int i = outstanding.size() - 1; i >= 0; i--) {
      original.tell(outstanding.get(i), objective.evaluate(outstanding.get(i)));
      restored.tell(outstanding.get(i), twin.evaluate(outstanding.get(i)));
    }
    List<Architecture> expected = run(original, objective, 40);
    List<Architecture> actual = run(restored, twin, 40);
    assertEquals(expected, actual);
    assertArrayEquals(original.saveState(), restored.saveState(), "states after the continuation");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("strategies")
  void refusesStatesThatAreNotItsOwn(String name, Map<String, String> params) {
    SearchStrategy s = create(name, params);
    s.start(SyntheticObjective.PAPER_LIKE, 1);
    byte[] good = s.saveState();
    assertThrows(IllegalArgumentException.class, () -> s.restoreState(new byte[] {1, 2, 3}));
    assertThrows(IllegalArgumentException.class, () -> s.restoreState(new byte[0]));
    assertThrows(IllegalArgumentException.class,
        () -> s.restoreState(Arrays.copyOf(good, good.length - 1)), "truncated");
    assertThrows(IllegalArgumentException.class,
        () -> s.restoreState(Arrays.copyOf(good, good.length + 1)), "trailing bytes");

    SearchStrategy other = create(name, params);
    other.start(new SearchSpace(3, SyntheticObjective.PAPER_LIKE.operations(), 1), 1);
    IllegalArgumentException space =
        assertThrows(IllegalArgumentException.class, () -> s.restoreState(other.saveState()));
    assertTrue(space.getMessage().contains("space"), space.getMessage());

    String foreignName = name.equals("random") ? "regularized-evolution" : "random";
    SearchStrategy foreign = create(foreignName, Map.of());
    foreign.start(SyntheticObjective.PAPER_LIKE, 1);
    IllegalArgumentException kind =
        assertThrows(IllegalArgumentException.class, () -> s.restoreState(foreign.saveState()));
    assertTrue(kind.getMessage().contains(foreignName), kind.getMessage());

    s.restoreState(good); // still usable after the refusals
    assertNotEquals(0, s.ask(2).size());
  }

  /** Evaluations as the runtime does them, three per ask, told in reverse. */
  private static List<Architecture> run(
      SearchStrategy s, SyntheticObjective objective, int evaluations) {
    List<Architecture> proposed = new ArrayList<>();
    while (proposed.size() < evaluations) {
      List<Architecture> asked = s.ask(3);
      proposed.addAll(asked);
      for (int i = asked.size() - 1; i >= 0; i--) {
        s.tell(asked.get(i), objective.evaluate(asked.get(i)));
      }
    }
    return proposed;
  }
}
