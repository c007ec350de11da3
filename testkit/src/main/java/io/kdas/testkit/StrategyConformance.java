package io.kdas.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kdas.api.PluginKind;
import io.kdas.api.param.PluginParameters;
import io.kdas.api.search.ChildTraining;
import io.kdas.api.search.SearchSpace;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.SearchStrategyPlugin;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The conformance kit of search strategies, for built-in and third-party strategies alike:
 *
 * <pre>{@code
 * @Test
 * void conforms() {
 *   StrategyConformance.assertStrategyConforms(
 *       new MyStrategyPlugin(), new SearchSpace(3, List.of("identity", "conv-3x3"), 2));
 * }
 * }</pre>
 *
 * <p>The checks drive a strategy as the runtime does, with a synthetic objective and no training:
 * rounds of {@code ask(count)} with counts 1, 3, 2, 4, … and the results told in reverse order
 * (results may arrive in any order); every seventh trial or so fails. A strategy whose children
 * share weights ({@link ChildTraining#SHARED_WEIGHTS}) is also asked, each round, for two children
 * that are never told (the runtime trains the shared weights on those). Each check takes
 * milliseconds for a cheap strategy.
 */
public final class StrategyConformance {

  /** The seed of the checks. */
  public static final long SEED = 20200207L;
  /** Rounds of ask/tell before the state is saved, and again after. */
  public static final int ROUNDS = 12;

  private static final int[] COUNTS = {1, 3, 2, 4};
  private static final int UNTOLD_PER_ROUND = 2;
  private static final int OUTSTANDING_AT_SAVE = 2;

  private StrategyConformance() {}

  /**
   * Runs every check on a strategy plugin: {@link PluginConformance#assertConforms}, {@link
   * PluginConformance#assertDiscoverable}, and on strategies built with its default parameters
   * {@link #assertProposalsValid}, {@link #assertDeterministic} and {@link
   * #assertRestoreContinues}.
   *
   * @param space a space to search; at least two architectures, so that seeds can differ
   */
  public static void assertStrategyConforms(SearchStrategyPlugin plugin, SearchSpace space) {
    PluginConformance.assertConforms(plugin);
    PluginConformance.assertDiscoverable(PluginKind.STRATEGY, plugin.name());
    PluginParameters defaults = plugin.parameters().defaults();
    Supplier<SearchStrategy> factory = () -> plugin.create(defaults);
    assertProposalsValid(factory, space);
    assertDeterministic(factory, space);
    assertRestoreContinues(factory, space);
  }

  /**
   * Checks that a started strategy says how its children train, and that every {@code ask(count)}
   * returns between 1 and {@code count} architectures of the space: the space's number of layers,
   * each with an operation of the space and exactly {@code connections} connection decisions.
   *
   * @param factory makes a new, unstarted strategy on each call
   */
  public static void assertProposalsValid(Supplier<SearchStrategy> factory, SearchSpace space) {
    SearchStrategy s = newStrategy(factory);
    ChildTraining training = s.childTraining();
    assertNotNull(training, who(s) + ": childTraining()");
    s.start(space, SEED);
    assertEquals(training, s.childTraining(), who(s) + ": childTraining() changed on start");
    drive(s, space, 0, 2 * ROUNDS);
  }

  /**
   * Checks that two strategies started with the same seed and driven alike propose the same
   * architectures, and (if the space has more than one) that another seed proposes others.
   */
  public static void assertDeterministic(Supplier<SearchStrategy> factory, SearchSpace space) {
    List<Architecture> first = transcript(factory, space, SEED);
    List<Architecture> second = transcript(factory, space, SEED);
    SearchStrategy probe = newStrategy(factory);
    assertSameProposals(first, second, who(probe) + ": the same seed gave other proposals");
    if (space.size().compareTo(BigInteger.ONE) > 0) {
      List<Architecture> other = transcript(factory, space, SEED + 1);
      assertFalse(first.equals(other),
          who(probe) + ": seeds " + SEED + " and " + (SEED + 1) + " gave the same "
              + first.size() + " proposals; is the seed used?");
    }
  }

  /**
   * Checks save and restore mid-search, with two proposals outstanding (asked, not yet told) at
   * the save: {@code saveState()} does not change the state (saving twice gives the same bytes,
   * and the original goes on unchanged), and a new strategy started with a <em>different</em>
   * seed and then restored from the saved state accepts the outstanding results and makes exactly
   * the proposals the original makes — so the state holds all randomness, as the SPI requires.
   */
  public static void assertRestoreContinues(Supplier<SearchStrategy> factory, SearchSpace space) {
    SearchStrategy original = newStrategy(factory);
    original.start(space, SEED);
    drive(original, space, 0, ROUNDS);
    List<Architecture> outstanding = ask(original, OUTSTANDING_AT_SAVE, space);
    byte[] state = original.saveState();
    assertNotNull(state, who(original) + ": saveState() returned null");
    assertArrayEquals(state, original.saveState(),
        who(original) + ": saving the state twice gave different bytes");
    tellOutstanding(original, outstanding, space);
    List<Architecture> expected = drive(original, space, ROUNDS, 2 * ROUNDS);

    SearchStrategy restored = newStrategy(factory);
    restored.start(space, SEED ^ 0x5deece66dL);
    try {
      restored.restoreState(state);
    } catch (RuntimeException e) {
      fail(who(restored) + ": restoreState(saveState()) threw " + e, e);
    }
    tellOutstanding(restored, outstanding, space);
    List<Architecture> actual = drive(restored, space, ROUNDS, 2 * ROUNDS);
    assertSameProposals(expected, actual,
        who(restored) + ": after restoreState the proposals differ from the original's");
  }

  /** Tells the proposals that were outstanding when the state was saved, in reverse order. */
  private static void tellOutstanding(
      SearchStrategy s, List<Architecture> outstanding, SearchSpace space) {
    for (int i = outstanding.size() - 1; i >= 0; i--) {
      Architecture a = outstanding.get(i);
      try {
        s.tell(a, result(a, space, ROUNDS, COUNTS.length + i));
      } catch (RuntimeException e) {
        fail(who(s) + ": tell() of a proposal outstanding at saveState() threw " + e, e);
      }
    }
  }

  private static List<Architecture> transcript(
      Supplier<SearchStrategy> factory, SearchSpace space, long seed) {
    SearchStrategy s = newStrategy(factory);
    s.start(space, seed);
    return drive(s, space, 0, 2 * ROUNDS);
  }

  /** Rounds [from, to) of ask/tell; returns every proposal in order. */
  private static List<Architecture> drive(SearchStrategy s, SearchSpace space, int from, int to) {
    List<Architecture> proposals = new ArrayList<>();
    boolean shared = s.childTraining() == ChildTraining.SHARED_WEIGHTS;
    for (int round = from; round < to; round++) {
      if (shared) {
        proposals.addAll(ask(s, UNTOLD_PER_ROUND, space)); // trains shared weights; never told
      }
      List<Architecture> asked = ask(s, COUNTS[round % COUNTS.length], space);
      proposals.addAll(asked);
      for (int i = asked.size() - 1; i >= 0; i--) {
        Architecture a = asked.get(i);
        try {
          s.tell(a, result(a, space, round, i));
        } catch (RuntimeException e) {
          fail(who(s) + ": tell() of its own proposal " + format(a) + " threw " + e, e);
        }
      }
    }
    return proposals;
  }

  private static List<Architecture> ask(SearchStrategy s, int count, SearchSpace space) {
    List<Architecture> asked = s.ask(count);
    assertNotNull(asked, who(s) + ": ask(" + count + ") returned null");
    assertTrue(!asked.isEmpty() && asked.size() <= count,
        who(s) + ": ask(" + count + ") returned " + asked.size() + " architectures");
    for (Architecture a : asked) {
      assertValid(a, space, who(s));
    }
    return asked;
  }

  /** Checks that an architecture belongs to the space. */
  public static void assertValid(Architecture a, SearchSpace space, String who) {
    assertNotNull(a, who + ": proposed null");
    assertEquals(space.layers(), a.getLayerCount(),
        who + ": add-on layers of the proposal " + format(a));
    for (int l = 0; l < a.getLayerCount(); l++) {
      AddOnLayer layer = a.getLayer(l);
      assertTrue(layer.hasOperation() && space.operations().contains(layer.getOperation()),
          who + ": layer " + l + " of " + format(a) + " has an operation not in "
              + space.operations());
      assertEquals(space.connections(), layer.getConnectionCount(),
          who + ": connection decisions of layer " + l + " of " + format(a));
    }
  }

  /**
   * The synthetic objective: the fraction of decisions that match a fixed target (operation
   * {@code (2l + 1) mod |ops|} and bits alternating by layer); about one trial in seven fails.
   */
  private static TrialResult result(Architecture a, SearchSpace space, int round, int index) {
    if ((5 * round + index) % 7 == 3) {
      return new TrialResult(Double.NaN, 0, 0, 0, 0.01, "simulated failure (conformance check)");
    }
    int ops = space.operations().size();
    int decisions = 0;
    int matches = 0;
    for (int l = 0; l < space.layers(); l++) {
      AddOnLayer layer = a.getLayer(l);
      decisions += 1 + space.connections();
      matches += layer.getOperation().equals(space.operations().get((2 * l + 1) % ops)) ? 1 : 0;
      for (int j = 0; j < space.connections(); j++) {
        matches += layer.getConnection(j) == ((l + j) % 2 == 0) ? 1 : 0;
      }
    }
    double reward = decisions == 0 ? 1 : (double) matches / decisions;
    return new TrialResult(reward, reward, 1000, 4000, 0.01, null);
  }

  private static void assertSameProposals(
      List<Architecture> expected, List<Architecture> actual, String message) {
    int n = Math.min(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        fail(message + ": proposal " + i + " is " + format(actual.get(i)) + ", expected "
            + format(expected.get(i)));
      }
    }
    assertEquals(expected.size(), actual.size(), message + ": number of proposals");
  }

  private static SearchStrategy newStrategy(Supplier<SearchStrategy> factory) {
    SearchStrategy s = factory.get();
    assertNotNull(s, "the strategy factory returned null");
    return s;
  }

  private static String who(SearchStrategy s) {
    return "strategy " + s.getClass().getName();
  }

  /** One line: each layer as operation and bits, e.g. {@code [conv-3x3 10, identity 01]}. */
  public static String format(Architecture a) {
    StringBuilder b = new StringBuilder("[");
    for (int l = 0; l < a.getLayerCount(); l++) {
      AddOnLayer layer = a.getLayer(l);
      b.append(l == 0 ? "" : ", ").append(layer.getOperation()).append(' ');
      layer.getConnectionList().forEach(c -> b.append(c ? '1' : '0'));
    }
    return b.append(']').toString();
  }
}
