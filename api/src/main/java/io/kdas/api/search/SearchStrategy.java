package io.kdas.api.search;

import io.kdas.proto.Architecture;
import java.util.List;

/**
 * A configured search strategy for one search. Called from one thread. All randomness must come
 * from the seed given to {@link #start} (and be part of the saved state), so that the same seed
 * gives the same proposals and a restored strategy continues exactly where it stopped.
 */
public interface SearchStrategy {

  /** How the runtime trains proposals. */
  ChildTraining childTraining();

  /** Called once, before anything else. */
  void start(SearchSpace space, long seed);

  /**
   * Proposes architectures to evaluate next.
   *
   * @param count how many the runtime wants now (at least 1)
   * @return between 1 and {@code count} architectures of the space
   */
  List<Architecture> ask(int count);

  /** Reports the result of an architecture returned by {@link #ask}; failed trials too. */
  void tell(Architecture architecture, TrialResult result);

  /** The strategy's state (model weights, population, random generator) as bytes. */
  byte[] saveState();

  /** Restores a state from {@link #saveState}, after {@link #start} with the same space. */
  void restoreState(byte[] state);
}
