package com.example.kdas;

import io.kdas.api.search.ChildTraining;
import io.kdas.api.search.SearchSpace;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Coordinate descent over the decisions (each layer's operation, then its connection bits), in
 * order, cycling. All state is a few integers, so saving it is trivial.
 */
final class CoordinateDescentStrategy implements SearchStrategy {

  private final boolean randomStart;
  private SearchSpace space;
  private long random;
  private int[] best; // per decision: the chosen value
  private double bestReward = Double.NEGATIVE_INFINITY;
  private int decision; // the decision being varied
  private int candidate; // the value being tried for it

  CoordinateDescentStrategy(boolean randomStart) {
    this.randomStart = randomStart;
  }

  @Override
  public ChildTraining childTraining() {
    return ChildTraining.INDEPENDENT;
  }

  @Override
  public void start(SearchSpace space, long seed) {
    this.space = space;
    this.random = seed;
    int perLayer = 1 + space.connections();
    best = new int[space.layers() * perLayer];
    for (int d = 0; d < best.length; d++) {
      best[d] = randomStart ? (int) Long.remainderUnsigned(next(), choices(d)) : 0;
    }
    decision = 0;
    candidate = -1; // the first proposal is the start itself
  }

  @Override
  public List<Architecture> ask(int count) {
    int[] genes = best.clone();
    if (candidate >= 0) {
      genes[decision] = candidate;
    }
    return List.of(decode(genes));
  }

  @Override
  public void tell(Architecture architecture, TrialResult result) {
    double reward = result.failed() ? Double.NEGATIVE_INFINITY : result.reward();
    if (reward > bestReward) {
      bestReward = reward;
      if (candidate >= 0) {
        best[decision] = candidate;
      }
    }
    advance();
  }

  private void advance() {
    do {
      candidate++;
      if (candidate >= choices(decision)) {
        candidate = 0;
        decision = (decision + 1) % best.length;
      }
    } while (candidate == best[decision]);
  }

  private int choices(int d) {
    return d % (1 + space.connections()) == 0 ? space.operations().size() : 2;
  }

  private Architecture decode(int[] genes) {
    Architecture.Builder b = Architecture.newBuilder();
    int perLayer = 1 + space.connections();
    for (int layer = 0; layer < space.layers(); layer++) {
      AddOnLayer.Builder l = b.addLayerBuilder()
          .setOperation(space.operations().get(genes[layer * perLayer]));
      for (int c = 0; c < space.connections(); c++) {
        l.addConnection(genes[layer * perLayer + 1 + c] == 1);
      }
    }
    return b.build();
  }

  private long next() {
    random += 0x9E3779B97F4A7C15L; // splitmix64
    long z = random;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public byte[] saveState() {
    ByteBuffer b = ByteBuffer.allocate(8 + 8 + 4 + 4 + 4 + 4 * best.length);
    b.putLong(random).putDouble(bestReward).putInt(decision).putInt(candidate)
        .putInt(best.length);
    for (int g : best) {
      b.putInt(g);
    }
    return b.array();
  }

  @Override
  public void restoreState(byte[] state) {
    ByteBuffer b = ByteBuffer.wrap(state);
    random = b.getLong();
    bestReward = b.getDouble();
    decision = b.getInt();
    candidate = b.getInt();
    best = new int[b.getInt()];
    for (int i = 0; i < best.length; i++) {
      best[i] = b.getInt();
    }
  }
}
