package io.kdas.api.op;

/**
 * The shape of one example's feature map (NHWC without the batch dimension).
 *
 * @param height rows
 * @param width columns
 * @param channels channels
 */
public record FeatureShape(int height, int width, int channels) {

  public FeatureShape {
    if (height <= 0 || width <= 0 || channels <= 0) {
      throw new IllegalArgumentException(
          "feature shape must be positive: " + height + "x" + width + "x" + channels);
    }
  }

  /** The output size of a "SAME"-padded window op with this stride. */
  public FeatureShape strided(int stride, int outChannels) {
    return new FeatureShape(ceilDiv(height, stride), ceilDiv(width, stride), outChannels);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
