package io.kdas.api.search;

import io.kdas.proto.Architecture;
import java.util.List;

/**
 * A configured search strategy for one search, built by {@link SearchStrategyPlugin#create} when
 * the search starts. Called from one thread; it need not be thread-safe.
 *
 * <p>Lifecycle: {@link #start}, then {@link #childTraining}, then any number of {@link #ask} and
 * {@link #tell} calls, then {@link #saveState} once the search is done (the runtime writes the
 * bytes to {@code search/strategy-state.bin}), then {@link #close} — also when the search fails.
 *
 * <p>The runtime tells results only for architectures this strategy proposed, possibly in another
 * order than it proposed them and possibly not all of them (a shared-weight search samples some
 * children only to train on). Proposals outstanding at {@link #saveState} must still be accepted
 * by a restored strategy. All randomness must come from the seed given to {@link #start} (and be
 * part of the saved state), so that the same seed gives the same proposals and a restored
 * strategy continues exactly where it stopped. The conformance kit ({@code
 * StrategyConformance.assertStrategyConforms}) checks all of this.
 *
 * <p>A runtime exception from any method stops the search and the run.
 */
public interface SearchStrategy extends AutoCloseable {

  /**
   * How the runtime trains proposals; called after {@link #start}.
   *
   * @return the same value for the strategy's whole life
   */
  ChildTraining childTraining();

  /**
   * Called once, before anything else.
   *
   * @param space what to search; layers, operations and connections come from the spec
   * @param seed the run's seed: the only source of the strategy's randomness
   */
  void start(SearchSpace space, long seed);

  /**
   * Proposes architectures to evaluate next. The runtime asks for one at a time, and may ask again
   * before telling earlier results.
   *
   * @param count how many the runtime wants now (at least 1)
   * @return between 1 and {@code count} architectures of the space (see {@link SearchSpace}); the
   *     same architecture may be proposed again
   */
  List<Architecture> ask(int count);

  /**
   * Reports the result of an architecture returned by {@link #ask}; failed trials too.
   *
   * @param architecture the proposal, as {@code ask} returned it
   * @param result what the runtime measured; {@link TrialResult#failed()} for a child that was
   *     over a hard budget or could not be trained
   */
  void tell(Architecture architecture, TrialResult result);

  /**
   * The strategy's state (model weights, population, random generator) as bytes. Does not change
   * the state: saving twice gives the same bytes.
   *
   * @return everything {@link #restoreState} needs to continue exactly here
   */
  byte[] saveState();

  /**
   * Restores a state from {@link #saveState}, after {@link #start} with the same space (and any
   * seed: the state replaces it). {@code kdas run} does not resume searches yet; the conformance
   * kit checks that a restored strategy continues exactly where the saved one stopped.
   *
   * @param state bytes from {@link #saveState} of a strategy of the same plugin and parameters
   */
  void restoreState(byte[] state);

  /**
   * Releases native resources (e.g. a TensorFlow session of the strategy's own model). The
   * runtime calls it once the search is over, whether it succeeded or failed; the default does
   * nothing.
   */
  @Override
  default void close() {}
}
