package io.kdas.runtime.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResamplerTest {

  private static byte[] gray(int... values) {
    byte[] rgb = new byte[values.length * 3];
    for (int i = 0; i < values.length; i++) {
      rgb[3 * i] = (byte) values[i];
      rgb[3 * i + 1] = (byte) values[i];
      rgb[3 * i + 2] = (byte) values[i];
    }
    return rgb;
  }

  @Test
  void upscalingInterpolatesBetweenPixelCenters() {
    // 1x2 -> 1x4 with half-pixel centers: outputs sit at 0.25, 0.75, 1.25, 1.75 input pixels,
    // so they are 0, 25%, 75% and 100% of the way from 0 to 200 (edges clamp).
    byte[] out = new byte[12];
    Resampler.resize(gray(0, 200), 1, 2, out, 0, 1, 4);
    assertArrayEquals(gray(0, 50, 150, 200), out);
  }

  @Test
  void downscalingByTwoAveragesWithATriangleFilter() {
    // 1x4 -> 1x2: the triangle is widened to 2 input pixels on each side of the output center.
    // The first output (center 1.0) weighs inputs 0, 1, 2 by 0.75, 0.75, 0.25 (the part beyond
    // the border is dropped and the weights renormalized), as PIL does: 0.25 * 200 / 1.75 = 29.
    byte[] out = new byte[6];
    Resampler.resize(gray(0, 0, 200, 200), 1, 4, out, 0, 1, 2);
    int left = out[0] & 0xFF;
    int right = out[3] & 0xFF;
    assertEquals(200 - left, right);
    assertEquals(29, left);
  }

  @Test
  void writesAtTheOffset() {
    byte[] out = new byte[3 + 12];
    Resampler.resize(gray(9, 9, 9, 9), 2, 2, out, 3, 2, 2);
    assertArrayEquals(gray(0, 9, 9, 9, 9), out);
  }
}
