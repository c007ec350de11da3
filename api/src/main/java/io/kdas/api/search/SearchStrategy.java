package io.kdas.api.search;

import io.kdas.proto.Architecture;
import java.util.List;

/**
 * A configured search strategy for one search. Called from one thread.
 *
 * <p>The runtime tells results only for architectures this strategy proposed, possibly in another
 * order than it proposed them and possibly not all of them (a shared-weight search samples some
 * children only to train on). Proposals outstanding at {@link #saveState} must still be accepted
 * by a restored strategy. All randomness must come
 * from the seed given to {@link #start} (and be part of the saved state), so that the same seed
 * gives the same proposals and a restored strategy continues exactly where it stopped.
 */
public interface SearchStrategy extends AutoCloseable {

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

  /**
   * Releases native resources (e.g. a TensorFlow session of the strategy's own model). The
   * runtime calls it once the search is over; the default does nothing.
   */
  @Override
  default void close() {}
}
