package io.kdas.runtime.data;

import io.kdas.runtime.data.source.SyntheticDataset;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelStatsTest {

  @Test
  void matchesHandComputedMomentsOfATinySplit() {
    // Two 1x2 images; per channel the four values are:
    // R: 0, 255, 255, 0 -> mean 0.5, std 0.5
    // G: 51, 51, 51, 51 -> mean 0.2, std 0 (floored to one gray level)
    // B: 0, 0, 0, 255   -> mean 0.25, std sqrt(0.25 * 0.75)
    byte[] pixels = {
      0, 51, 0, (byte) 255, 51, 0,
      (byte) 255, 51, 0, 0, 51, (byte) 255
    };
    ChannelStats stats = ChannelStats.of(new ImageSplit(pixels, new int[] {0, 1}, 1, 2));
    assertArrayEquals(new float[] {0.5f, 0.2f, 0.25f}, stats.mean(), 1e-6f);
    assertArrayEquals(
        new float[] {0.5f, ChannelStats.MIN_STD, (float) Math.sqrt(0.25 * 0.75)}, stats.std(),
        1e-6f);
  }

  @Test
  void agreesWithANaiveDoubleComputationOnLargerData() {
    ImageSplit split = SyntheticDataset.generate(3, 200, 1, 16, 0.2f, 5).train();
    double[] sum = new double[3];
    double[] squares = new double[3];
    byte[] pixels = split.pixels();
    for (int i = 0; i < pixels.length; i++) {
      double v = (pixels[i] & 0xFF) / 255.0;
      sum[i % 3] += v;
      squares[i % 3] += v * v;
    }
    double n = pixels.length / 3.0;
    ChannelStats stats = ChannelStats.of(split);
    for (int c = 0; c < 3; c++) {
      double mean = sum[c] / n;
      double std = Math.sqrt(squares[c] / n - mean * mean);
      assertArrayEquals(new float[] {(float) mean, (float) std},
          new float[] {stats.mean()[c], stats.std()[c]}, 1e-5f);
    }
  }

  @Test
  void aConstantChannelIsNormalizedByOneGrayLevelNotByZero() {
    // 2 images of 2x1 pixels: red varies, green is constant 7, blue constant 0.
    byte[] pixels = {10, 7, 0, 50, 7, 0, 90, 7, 0, (byte) 200, 7, 0};
    ChannelStats stats = ChannelStats.of(new ImageSplit(pixels, new int[] {0, 1}, 2, 1));
    assertTrue(stats.std()[0] > ChannelStats.MIN_STD);
    assertEquals(ChannelStats.MIN_STD, stats.std()[1]);
    assertEquals(ChannelStats.MIN_STD, stats.std()[2]);
    assertEquals(7 / 255f, stats.mean()[1], 1e-7f);
  }

  @Test
  void rejectsAnEmptySplit() {
    assertThrows(
        DataException.class, () -> ChannelStats.of(new ImageSplit(new byte[0], new int[0], 2, 2)));
  }
}
