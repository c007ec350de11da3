package io.kdas.runtime.data.pipeline;

/**
 * Stateless 64-bit mixing used to derive independent, reproducible random streams from
 * (seed, example, view, epoch) tuples.
 *
 * <p>A good mixer (not {@code Objects.hash}) matters here: neighboring examples and epochs must get
 * unrelated crops and views, and results must be identical on every JVM and thread count, so all
 * randomness in this package is a pure function of these hashes rather than of shared
 * {@code Random} objects.
 */
final class Hashing {

  /** The odd constant of the golden ratio, as used by SplittableRandom to spread sequences. */
  static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Hashing() {}

  /** The MurmurHash3 / SplittableRandom finalizer: a bijection that avalanches every input bit. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Combines values in order; different orders or values give unrelated results. */
  static long combine(long... values) {
    long h = 0x6A09E667F3BCC909L;
    for (long v : values) {
      h = mix64(h + GOLDEN_GAMMA + mix64(v));
    }
    return h;
  }

  /** A uniform integer in [0, bound) from the given hash bits. */
  static int below(long bits, int bound) {
    return (int) Long.remainderUnsigned(bits, bound);
  }
}
