package io.kdas.plugins.search;

/**
 * Steele, Lea and Flood's SplitMix64 generator: the whole state is one {@code long}, so a
 * strategy saves and restores it exactly. Not thread-safe; one per strategy.
 */
final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** The state to save. */
  long state() {
    return state;
  }

  /** Continues from a saved {@link #state()}. */
  void setState(long state) {
    this.state = state;
  }

  long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A uniform double in [low, high). */
  double nextDouble(double low, double high) {
    return low + (high - low) * nextDouble();
  }

  /** A uniform int in [0, bound), without modulo bias. */
  int nextInt(int bound) {
    return (int) nextLong((long) bound);
  }

  /** A uniform long in [0, bound), without modulo bias. */
  long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long bits;
    long value;
    do {
      bits = nextLong() >>> 1;
      value = bits % bound;
    } while (bits - value + (bound - 1) < 0);
    return value;
  }

  /**
   * Draws an index from a discrete distribution.
   *
   * @param probabilities non-negative weights summing to about 1
   */
  int nextCategorical(double[] probabilities) {
    double u = nextDouble();
    double cumulative = 0;
    int last = 0;
    for (int i = 0; i < probabilities.length; i++) {
      if (probabilities[i] > 0) {
        cumulative += probabilities[i];
        last = i;
        if (u < cumulative) {
          return i;
        }
      }
    }
    return last; // rounding left u above the total: the last index with weight
  }
}
