package io.kdas.plugins.search;

import io.kdas.api.search.ChildTraining;
import io.kdas.api.search.SearchSpace;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Regularized (aging) evolution, Real et al., AAAI 2019. The first {@code population} proposals
 * are uniform; each later one is a mutant of the best of {@code sample} members drawn uniformly
 * with replacement from the population (the paper's tournament). A told child joins the
 * population, a FIFO queue, and once it holds more than {@code population} members the oldest
 * leaves, whatever its reward. Failed trials rank below every finite reward but age alike.
 *
 * <p>Proposals wait in a multiset keyed by their decisions until told, so several may be
 * outstanding (ask(count) with count > 1) and their results may arrive in any order. Telling an
 * architecture that is not outstanding is an error.
 */
final class RegularizedEvolutionStrategy implements SearchStrategy {

  private static final int FORMAT = 1;
  private static final String NAME = RegularizedEvolutionPlugin.NAME;

  private final int populationSize;
  private final int sampleSize;
  private final Deque<Member> population = new ArrayDeque<>();
  private final Map<Genome, Integer> pending = new LinkedHashMap<>();
  private SpaceCodec codec;
  private SplitMix64 rng;
  private long proposals;

  /** A told architecture and the reward it ranks by. */
  private record Member(Genome genome, double reward) {}

  RegularizedEvolutionStrategy(int populationSize, int sampleSize) {
    this.populationSize = populationSize;
    this.sampleSize = sampleSize;
  }

  @Override
  public ChildTraining childTraining() {
    return ChildTraining.INDEPENDENT;
  }

  @Override
  public void start(SearchSpace space, long seed) {
    if (codec != null) {
      throw new IllegalStateException("strategy '" + NAME + "' was already started");
    }
    codec = new SpaceCodec(space);
    rng = new SplitMix64(seed);
  }

  @Override
  public List<Architecture> ask(int count) {
    Strategies.checkAsk(codec, count, NAME);
    List<Architecture> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Genome child = proposals < populationSize || population.isEmpty()
          ? codec.random(rng)
          : codec.mutate(tournament(), rng);
      proposals++;
      pending.merge(child, 1, Integer::sum);
      out.add(codec.encode(child));
    }
    return out;
  }

  /** The best of {@code sampleSize} members drawn with replacement; ties go to the first drawn. */
  private Genome tournament() {
    List<Member> members = List.copyOf(population);
    Member best = null;
    for (int i = 0; i < sampleSize; i++) {
      Member m = members.get(rng.nextInt(members.size()));
      if (best == null || m.reward() > best.reward()) {
        best = m;
      }
    }
    return best.genome();
  }

  @Override
  public void tell(Architecture architecture, TrialResult result) {
    Strategies.checkStarted(codec, NAME);
    Genome child = codec.decode(architecture);
    Integer waiting = pending.get(child);
    if (waiting == null) {
      throw new IllegalArgumentException(
          "strategy '" + NAME + "': told an architecture it did not propose (or told twice)");
    }
    if (waiting == 1) {
      pending.remove(child);
    } else {
      pending.put(child, waiting - 1);
    }
    population.addLast(new Member(child, Strategies.rankingReward(result)));
    while (population.size() > populationSize) {
      population.removeFirst(); // aging: the oldest leaves, not the worst
    }
  }

  @Override
  public byte[] saveState() {
    Strategies.checkStarted(codec, NAME);
    StateWriter w = new StateWriter(NAME, FORMAT, codec.space());
    w.writeInt(populationSize).writeInt(sampleSize).writeLong(rng.state()).writeLong(proposals);
    w.writeInt(population.size());
    for (Member m : population) {
      w.writeGenome(m.genome()).writeDouble(m.reward());
    }
    w.writeInt(pending.size());
    pending.forEach((g, n) -> w.writeGenome(g).writeInt(n));
    return w.toByteArray();
  }

  @Override
  public void restoreState(byte[] state) {
    Strategies.checkStarted(codec, NAME);
    StateReader r = new StateReader(state, NAME, FORMAT, codec.space());
    int p = r.readInt();
    int s = r.readInt();
    if (p != populationSize || s != sampleSize) {
      throw r.invalid("it was saved with population=" + p + ", sample=" + s + "; this one has "
          + populationSize + ", " + sampleSize);
    }
    long rngState = r.readLong();
    long savedProposals = r.readLong();
    List<Member> members = new ArrayList<>();
    for (int i = r.readInt(0, populationSize, "population size"); i > 0; i--) {
      members.add(new Member(r.readGenome(codec), r.readDouble()));
    }
    Map<Genome, Integer> waiting = new LinkedHashMap<>();
    for (int i = r.readInt(0, Integer.MAX_VALUE, "pending proposals"); i > 0; i--) {
      waiting.put(r.readGenome(codec), r.readInt(1, Integer.MAX_VALUE, "pending count"));
    }
    r.end();
    rng.setState(rngState);
    proposals = savedProposals;
    population.clear();
    population.addAll(members);
    pending.clear();
    pending.putAll(waiting);
  }
}
