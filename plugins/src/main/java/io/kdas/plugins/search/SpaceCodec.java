package io.kdas.plugins.search;

import io.kdas.api.search.SearchSpace;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions of a {@link SearchSpace} in controller order, and the conversions between
 * {@link Genome}s and {@link Architecture} messages. Position {@code p} belongs to layer {@code p /
 * (1 + connections)}; its slot {@code p % (1 + connections)} is 0 for the operation (radix
 * |operations|) and {@code 1 + j} for connection bit {@code j} (radix 2).
 */
final class SpaceCodec {

  private final SearchSpace space;
  private final int perLayer;
  private final Map<String, Integer> operationIndex = new HashMap<>();

  SpaceCodec(SearchSpace space) {
    this.space = space;
    this.perLayer = 1 + space.connections();
    List<String> ops = space.operations();
    for (int i = 0; i < ops.size(); i++) {
      if (operationIndex.put(ops.get(i), i) != null) {
        throw new IllegalArgumentException("operation listed twice in the space: " + ops.get(i));
      }
    }
  }

  SearchSpace space() {
    return space;
  }

  /** Number of decisions of one architecture: layers * (1 + connections). */
  int positions() {
    return space.layers() * perLayer;
  }

  /** 0 for an operation decision, 1 + j for connection bit j. */
  int slot(int position) {
    return position % perLayer;
  }

  /** Number of values of the decision at this position. */
  int radix(int position) {
    return slot(position) == 0 ? space.operations().size() : 2;
  }

  /** Number of distinct architectures, or -1 if that does not fit in a long. */
  long size() {
    BigInteger size = space.size();
    return size.bitLength() < Long.SIZE ? size.longValueExact() : -1;
  }

  Genome random(SplitMix64 rng) {
    int[] d = new int[positions()];
    for (int p = 0; p < d.length; p++) {
      d[p] = rng.nextInt(radix(p));
    }
    return Genome.of(d);
  }

  /**
   * Changes exactly one decision, chosen uniformly among the decisions that can change: an
   * operation becomes a different operation, a connection bit flips. Returns the parent itself
   * only in a space of one architecture.
   */
  Genome mutate(Genome parent, SplitMix64 rng) {
    int ops = space.operations().size();
    int mutable = ops > 1 ? positions() : space.layers() * space.connections();
    if (mutable == 0) {
      return parent;
    }
    int pick = rng.nextInt(mutable);
    int position = ops > 1 ? pick : (pick / space.connections()) * perLayer
        + 1 + pick % space.connections();
    int old = parent.get(position);
    int value = slot(position) == 0 ? (old + 1 + rng.nextInt(ops - 1)) % ops : 1 - old;
    return parent.with(position, value);
  }

  /** The mixed-radix number of a genome, in [0, size()); only when size() >= 0. */
  long index(Genome genome) {
    long index = 0;
    for (int p = 0; p < positions(); p++) {
      index = index * radix(p) + genome.get(p);
    }
    return index;
  }

  /** The genome of a mixed-radix number, the inverse of {@link #index}. */
  Genome genome(long index) {
    int[] d = new int[positions()];
    for (int p = d.length - 1; p >= 0; p--) {
      d[p] = (int) (index % radix(p));
      index /= radix(p);
    }
    return Genome.of(d);
  }

  Architecture encode(Genome genome) {
    Architecture.Builder arch = Architecture.newBuilder();
    for (int layer = 0; layer < space.layers(); layer++) {
      int base = layer * perLayer;
      AddOnLayer.Builder l =
          AddOnLayer.newBuilder().setOperation(space.operations().get(genome.get(base)));
      for (int j = 0; j < space.connections(); j++) {
        l.addConnection(genome.get(base + 1 + j) == 1);
      }
      arch.addLayer(l);
    }
    return arch.build();
  }

  /**
   * The genome of an architecture of this space.
   *
   * @throws IllegalArgumentException if it is not in the space, saying why
   */
  Genome decode(Architecture architecture) {
    if (architecture.getLayerCount() != space.layers()) {
      throw new IllegalArgumentException("architecture has " + architecture.getLayerCount()
          + " add-on layers; the space has " + space.layers());
    }
    int[] d = new int[positions()];
    for (int layer = 0; layer < space.layers(); layer++) {
      AddOnLayer l = architecture.getLayer(layer);
      Integer op = operationIndex.get(l.getOperation());
      if (op == null) {
        throw new IllegalArgumentException("layer " + layer + ": operation '" + l.getOperation()
            + "' is not in the space " + space.operations());
      }
      if (l.getConnectionCount() != space.connections()) {
        throw new IllegalArgumentException("layer " + layer + " has " + l.getConnectionCount()
            + " connection decisions; the space has " + space.connections());
      }
      d[layer * perLayer] = op;
      for (int j = 0; j < space.connections(); j++) {
        d[layer * perLayer + 1 + j] = l.getConnection(j) ? 1 : 0;
      }
    }
    return Genome.of(d);
  }
}
