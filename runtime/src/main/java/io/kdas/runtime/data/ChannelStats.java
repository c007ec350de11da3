package io.kdas.runtime.data;

import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Per-channel mean and standard deviation of pixel / 255, for the per-channel input
 * normalization that the networks apply (and that an exported model must apply the same way).
 *
 * @param mean the mean of each channel (R, G, B)
 * @param std the population standard deviation of each channel
 */
public record ChannelStats(float[] mean, float[] std) {

  /** Bytes per exact int block: 8192 pixels, so a sum of squares stays below 2^31. */
  private static final int BLOCK = 3 * 8192;

  /** The smallest spread used for normalization: one gray level of 8-bit pixels. */
  static final float MIN_STD = 1f / 255;

  /** Checks that both arrays describe the same channels. */
  public ChannelStats {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(std, "std");
    if (mean.length != std.length) {
      throw new IllegalArgumentException(
          mean.length + " channel means but " + std.length + " standard deviations");
    }
  }

  /** No normalization: mean 0 and standard deviation 1, so the network sees pixel / 255. */
  public static ChannelStats none() {
    return new ChannelStats(new float[] {0, 0, 0}, new float[] {1, 1, 1});
  }

  /**
   * Computes the statistics of a whole split.
   *
   * <p>Sums and sums of squares are accumulated exactly, in int per block of pixels (small enough
   * not to overflow) and in long across blocks; only the final moments are doubles. That is exact
   * where a float or double running sum over 50 million values would drift, and it is one pass of
   * simple integer arithmetic (about 0.1 s for 50,000 CIFAR images).
   */
  public static ChannelStats of(ImageSplit split) {
    if (split.size() == 0) {
      throw new DataException("cannot compute channel statistics of an empty split");
    }
    byte[] pixels = split.pixels();
    long[] sums = new long[3];
    long[] squares = new long[3];
    for (int block = 0; block < pixels.length; block += BLOCK) {
      int end = Math.min(pixels.length, block + BLOCK);
      int s0 = 0;
      int s1 = 0;
      int s2 = 0;
      int q0 = 0;
      int q1 = 0;
      int q2 = 0;
      for (int i = block; i < end; i += 3) {
        int r = pixels[i] & 0xFF;
        int g = pixels[i + 1] & 0xFF;
        int b = pixels[i + 2] & 0xFF;
        s0 += r;
        s1 += g;
        s2 += b;
        q0 += r * r;
        q1 += g * g;
        q2 += b * b;
      }
      sums[0] += s0;
      sums[1] += s1;
      sums[2] += s2;
      squares[0] += q0;
      squares[1] += q1;
      squares[2] += q2;
    }
    double count = (double) pixels.length / ImageSplit.CHANNELS;
    float[] mean = new float[3];
    float[] std = new float[3];
    for (int c = 0; c < 3; c++) {
      double m = sums[c] / count;
      double variance = Math.max(0.0, squares[c] / count - m * m);
      mean[c] = (float) (m / 255.0);
      std[c] = (float) (Math.sqrt(variance) / 255.0);
      if (std[c] < MIN_STD) {
        // A constant channel (e.g. grayscale stored in one channel): dividing by its zero spread
        // would make every input NaN. One gray level keeps it at 0 after normalization.
        LoggerFactory.getLogger(ChannelStats.class).warn("channel {} of the training images is "
            + "constant (standard deviation {}); normalizing it by {} instead", "RGB".charAt(c),
            std[c], MIN_STD);
        std[c] = MIN_STD;
      }
    }
    return new ChannelStats(mean, std);
  }
}
