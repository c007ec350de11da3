package io.kdas.plugins.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SplitMix64Test {

  @Test
  void matchesTheReferenceSequence() {
    // The first outputs of Vigna's splitmix64.c seeded with 1234567.
    SplitMix64 r = new SplitMix64(1234567);
    assertEquals(6457827717110365317L, r.nextLong());
    assertEquals(3203168211198807973L, r.nextLong());
    assertEquals(Long.parseUnsignedLong("9817491932198370423"), r.nextLong());
  }

  @Test
  void continuesFromASavedState() {
    SplitMix64 a = new SplitMix64(42);
    a.nextLong();
    SplitMix64 b = new SplitMix64(-1);
    b.setState(a.state());
    for (int i = 0; i < 100; i++) {
      assertEquals(a.nextLong(), b.nextLong());
    }
  }

  @Test
  void boundedDrawsAreInRangeAndRoughlyUniform() {
    SplitMix64 r = new SplitMix64(7);
    int[] counts = new int[7];
    int n = 70_000;
    for (int i = 0; i < n; i++) {
      counts[r.nextInt(7)]++;
      double d = r.nextDouble();
      assertTrue(d >= 0 && d < 1);
    }
    double chi2 = 0;
    for (int c : counts) {
      chi2 += Math.pow(c - n / 7.0, 2) / (n / 7.0);
    }
    assertTrue(chi2 < 22.46, "chi-square " + chi2 + " (6 df, p = 0.001 at 22.46)");
    assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
  }

  @Test
  void categoricalDrawsFollowTheWeights() {
    SplitMix64 r = new SplitMix64(3);
    double[] p = {0.5, 0, 0.2, 0.3};
    int[] counts = new int[4];
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      counts[r.nextCategorical(p)]++;
    }
    assertEquals(0, counts[1], "a zero weight is never drawn");
    for (int j = 0; j < p.length; j++) {
      assertEquals(p[j], counts[j] / (double) n, 0.006, "frequency of " + j);
    }
  }
}
