package io.kdas.api.search;

import java.math.BigInteger;
import java.util.List;

/**
 * The searched part of a student: {@code layers} add-on layers, each choosing one of {@code
 * operations} and {@code connections} binary connection decisions. Immutable.
 *
 * <p>An architecture of the space is an {@link io.kdas.proto.Architecture} with exactly {@code
 * layers} layers, each with an operation from {@code operations} and exactly {@code connections}
 * connection values: the i-th (from 1) says whether the output of add-on layer j - i is added to
 * the input of layer j; where there is no such layer, it reaches back into the backbone (the
 * block outputs before the first add-on layer, then the stem, then the input image), so every
 * decision changes the network. Backbone and positions are left unset: the runtime adds them.
 *
 * @param layers number of add-on layers (L)
 * @param operations names of the candidate operations, in a fixed order (the same for the same
 *     spec)
 * @param connections binary connection decisions per layer (2 in the paper)
 */
public record SearchSpace(int layers, List<String> operations, int connections) {

  /**
   * Copies {@code operations} and checks the space.
   *
   * @param layers number of add-on layers
   * @param operations names of the candidate operations
   * @param connections binary connection decisions per layer
   * @throws IllegalArgumentException if {@code layers} or {@code connections} is negative or
   *     there are no operations
   */
  public SearchSpace {
    operations = List.copyOf(operations);
    if (layers < 0 || operations.isEmpty() || connections < 0) {
      throw new IllegalArgumentException("empty search space");
    }
  }

  /**
   * Number of distinct architectures.
   *
   * @return 2^(connections * L) * |operations|^L
   */
  public BigInteger size() {
    return BigInteger.TWO
        .pow(connections * layers)
        .multiply(BigInteger.valueOf(operations.size()).pow(layers));
  }
}
