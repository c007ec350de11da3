package io.kdas.runtime.model;

import io.kdas.api.op.FeatureShape;
import io.kdas.proto.AddOnPosition;

/**
 * The feature-map shape at each add-on position of a CIFAR ResNet: stage s (1-based) has
 * width * 2^(s-1) channels at 1/2^(s-1) of the input resolution.
 *
 * @param height input rows
 * @param width input columns
 * @param baseChannels channels of the first stage
 */
public record AddOnGeometry(int height, int width, int baseChannels) {

  public FeatureShape at(AddOnPosition p) {
    int scale = 1 << (p.getStage() - 1);
    return new FeatureShape(ceilDiv(height, scale), ceilDiv(width, scale),
        baseChannels * scale);
  }

  /** Stride of the projection that takes features at {@code from} to the shape at {@code to}. */
  public static int stride(AddOnPosition from, AddOnPosition to) {
    return 1 << (to.getStage() - from.getStage());
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
