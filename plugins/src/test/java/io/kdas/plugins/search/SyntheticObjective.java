package io.kdas.plugins.search;

import io.kdas.api.search.SearchSpace;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import java.util.Random;

/**
 * A search objective without training whose optimum is known: the reward of an architecture is
 * the fraction of its decisions (each layer's operation and connection bits) that match a hidden
 * target, plus optional Gaussian noise. The target is drawn from its own seed, independent of the
 * strategies' seeds; the noise comes from a generator of its own, so it depends on the order of
 * evaluations only.
 */
final class SyntheticObjective {

  /** The space of the searches: L = 3 layers, 7 operations, 2 connections: 21,952 members. */
  static final SearchSpace PAPER_LIKE = new SearchSpace(3, java.util.List.of("identity",
      "conv-3x3", "conv-5x5", "sep-conv-3x3", "sep-conv-5x5", "max-pool-3x3", "avg-pool-3x3"), 2);

  private final SearchSpace space;
  private final int[] targetOps;
  private final boolean[][] targetBits;
  private final double noise;
  private final Random noiseSource;

  SyntheticObjective(SearchSpace space, long targetSeed, double noise) {
    this.space = space;
    this.noise = noise;
    Random r = new Random(targetSeed);
    targetOps = new int[space.layers()];
    targetBits = new boolean[space.layers()][space.connections()];
    for (int l = 0; l < space.layers(); l++) {
      targetOps[l] = r.nextInt(space.operations().size());
      for (int j = 0; j < space.connections(); j++) {
        targetBits[l][j] = r.nextBoolean();
      }
    }
    noiseSource = new Random(targetSeed ^ 0x9e3779b97f4a7c15L);
  }

  SearchSpace space() {
    return space;
  }

  /** The fraction of matching decisions, in [0, 1]; 1 exactly for the optimum. */
  double score(Architecture a) {
    int matches = 0;
    for (int l = 0; l < space.layers(); l++) {
      AddOnLayer layer = a.getLayer(l);
      matches += layer.getOperation().equals(space.operations().get(targetOps[l])) ? 1 : 0;
      for (int j = 0; j < space.connections(); j++) {
        matches += layer.getConnection(j) == targetBits[l][j] ? 1 : 0;
      }
    }
    return (double) matches / (space.layers() * (1 + space.connections()));
  }

  boolean isOptimum(Architecture a) {
    return score(a) == 1.0;
  }

  /** The optimum as an architecture. */
  Architecture optimum() {
    Architecture.Builder b = Architecture.newBuilder();
    for (int l = 0; l < space.layers(); l++) {
      AddOnLayer.Builder layer =
          AddOnLayer.newBuilder().setOperation(space.operations().get(targetOps[l]));
      for (boolean bit : targetBits[l]) {
        layer.addConnection(bit);
      }
      b.addLayer(layer);
    }
    return b.build();
  }

  /** The trial result the runtime would report: the score plus noise as reward. */
  TrialResult evaluate(Architecture a) {
    double s = score(a);
    double reward = s + (noise > 0 ? noise * noiseSource.nextGaussian() : 0);
    return new TrialResult(reward, s, 1000, 4000, 0.0, null);
  }
}
