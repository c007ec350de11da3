package io.kdas.api.op;

/**
 * The shape of one example's feature map (NHWC without the batch dimension). Immutable.
 *
 * @param height rows, positive
 * @param width columns, positive
 * @param channels channels, positive
 */
public record FeatureShape(int height, int width, int channels) {

  /**
   * Checks the dimensions.
   *
   * @param height rows
   * @param width columns
   * @param channels channels
   * @throws IllegalArgumentException if a dimension is not positive
   */
  public FeatureShape {
    if (height <= 0 || width <= 0 || channels <= 0) {
      throw new IllegalArgumentException(
          "feature shape must be positive: " + height + "x" + width + "x" + channels);
    }
  }

  /**
   * The output shape of a "SAME"-padded window op with this stride.
   *
   * @param stride the stride, positive
   * @param outChannels the channels of the output
   * @return ceil(height / stride) x ceil(width / stride) x outChannels
   */
  public FeatureShape strided(int stride, int outChannels) {
    return new FeatureShape(ceilDiv(height, stride), ceilDiv(width, stride), outChannels);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
