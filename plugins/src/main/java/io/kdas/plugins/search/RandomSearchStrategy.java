package io.kdas.plugins.search;

import io.kdas.api.search.ChildTraining;
import io.kdas.api.search.SearchSpace;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Uniform random search. Every proposal is uniform over the space; with {@code noRepeats} it is
 * uniform over the architectures not yet proposed in the current pass, and a new pass starts once
 * every architecture has been proposed (so N proposals from a space of S hit a given architecture
 * with probability exactly N / S, for N <= S).
 */
final class RandomSearchStrategy implements SearchStrategy {

  private static final int FORMAT = 1;
  /** Spaces up to this size are enumerated once half of them have been proposed. */
  private static final long ENUMERATION_LIMIT = 1L << 22;

  private final boolean noRepeats;
  private final Set<Genome> proposed = new LinkedHashSet<>();
  private SpaceCodec codec;
  private SplitMix64 rng;

  RandomSearchStrategy(boolean noRepeats) {
    this.noRepeats = noRepeats;
  }

  @Override
  public ChildTraining childTraining() {
    return ChildTraining.INDEPENDENT;
  }

  @Override
  public void start(SearchSpace space, long seed) {
    if (codec != null) {
      throw new IllegalStateException("strategy 'random' was already started");
    }
    codec = new SpaceCodec(space);
    rng = new SplitMix64(seed);
  }

  @Override
  public List<Architecture> ask(int count) {
    Strategies.checkAsk(codec, count, RandomSearchPlugin.NAME);
    List<Architecture> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(codec.encode(next()));
    }
    return out;
  }

  private Genome next() {
    if (!noRepeats) {
      return codec.random(rng);
    }
    long size = codec.size();
    if (size >= 0 && proposed.size() >= size) {
      proposed.clear(); // every architecture was proposed: start a new pass
    }
    Genome g;
    if (size >= 0 && size <= ENUMERATION_LIMIT && 2L * proposed.size() >= size) {
      g = unproposed(size);
    } else {
      do {
        g = codec.random(rng);
      } while (proposed.contains(g)); // fewer than 2 draws expected: at most half are taken
    }
    proposed.add(g);
    return g;
  }

  /** A uniform choice among the architectures of a small space not proposed in this pass. */
  private Genome unproposed(long size) {
    long k = rng.nextLong(size - proposed.size());
    for (long index = 0; ; index++) {
      Genome g = codec.genome(index);
      if (!proposed.contains(g) && k-- == 0) {
        return g;
      }
    }
  }

  @Override
  public void tell(Architecture architecture, TrialResult result) {
    Strategies.checkStarted(codec, RandomSearchPlugin.NAME);
    codec.decode(architecture); // checks that it belongs to the space; random search learns nothing
  }

  @Override
  public byte[] saveState() {
    Strategies.checkStarted(codec, RandomSearchPlugin.NAME);
    StateWriter w = new StateWriter(RandomSearchPlugin.NAME, FORMAT, codec.space());
    w.writeInt(noRepeats ? 1 : 0).writeLong(rng.state()).writeInt(proposed.size());
    proposed.forEach(w::writeGenome);
    return w.toByteArray();
  }

  @Override
  public void restoreState(byte[] state) {
    Strategies.checkStarted(codec, RandomSearchPlugin.NAME);
    StateReader r = new StateReader(state, RandomSearchPlugin.NAME, FORMAT, codec.space());
    if ((r.readInt(0, 1, "no-repeats") == 1) != noRepeats) {
      throw r.invalid("it was saved with no-repeats=" + !noRepeats + ", this one has " + noRepeats);
    }
    long rngState = r.readLong();
    int n = r.readInt(0, Integer.MAX_VALUE, "number of proposed architectures");
    Set<Genome> restored = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      restored.add(r.readGenome(codec));
    }
    r.end();
    rng.setState(rngState);
    proposed.clear();
    proposed.addAll(restored);
  }
}
