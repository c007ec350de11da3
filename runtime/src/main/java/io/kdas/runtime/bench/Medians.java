package io.kdas.runtime.bench;

import java.util.List;

/** Medians of repeated measurements: robust to the noise of a shared machine. */
public final class Medians {

  private Medians() {}

  public static double of(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
