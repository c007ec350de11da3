package io.kdas.plugins.search;

import java.util.Arrays;

/**
 * One architecture as its decisions in the order a controller emits them: for each layer, the
 * operation index and then its connection bits (0 or 1). Immutable; equal decisions are equal
 * genomes, so a genome keys the proposals a strategy is waiting on.
 */
final class Genome {

  private final int[] decisions;

  private Genome(int[] decisions) {
    this.decisions = decisions;
  }

  static Genome of(int... decisions) {
    return new Genome(decisions.clone());
  }

  int length() {
    return decisions.length;
  }

  int get(int position) {
    return decisions[position];
  }

  /** A copy of the decisions. */
  int[] decisions() {
    return decisions.clone();
  }

  /** This genome with one decision changed. */
  Genome with(int position, int value) {
    int[] copy = decisions.clone();
    copy[position] = value;
    return new Genome(copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Genome g && Arrays.equals(decisions, g.decisions);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(decisions);
  }

  @Override
  public String toString() {
    return Arrays.toString(decisions);
  }
}
