package io.kdas.api.search;

import java.math.BigInteger;
import java.util.List;

/**
 * The searched part of a student: {@code layers} add-on layers, each choosing one of {@code
 * operations} and {@code connections} binary connection decisions.
 *
 * @param layers number of add-on layers (L)
 * @param operations names of the candidate operations, in a fixed order
 * @param connections binary connection decisions per layer (2 in the paper)
 */
public record SearchSpace(int layers, List<String> operations, int connections) {

  public SearchSpace {
    operations = List.copyOf(operations);
    if (layers < 0 || operations.isEmpty() || connections < 0) {
      throw new IllegalArgumentException("empty search space");
    }
  }

  /** Number of distinct architectures: 2^(connections * L) * |operations|^L. */
  public BigInteger size() {
    return BigInteger.TWO
        .pow(connections * layers)
        .multiply(BigInteger.valueOf(operations.size()).pow(layers));
  }
}
