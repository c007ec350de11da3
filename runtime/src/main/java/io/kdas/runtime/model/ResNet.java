package io.kdas.runtime.model;

import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import io.kdas.layers.GraphLayerContext;
import io.kdas.proto.ResNetSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The CIFAR-style ResNet-(6n+2) of He et al. (2016): a 3x3 stem, three stages of n basic blocks
 * at width, 2 width and 4 width channels (stride 2 at the start of stages 2 and 3), 1x1
 * projection shortcuts where the shape changes, batch norm after every convolution, global average
 * pooling and a linear head.
 */
public final class ResNet {

  private final int blocksPerStage;
  private final int width;

  public ResNet(ResNetSpec spec) {
    if (spec.getDepth() < 8 || (spec.getDepth() - 2) % 6 != 0) {
      throw new IllegalArgumentException("ResNet depth must be 6n+2 with n >= 1 (8, 14, 20, 32, "
          + "44, 56, 110, ...), got " + spec.getDepth());
    }
    if (spec.getWidth() < 1) {
      throw new IllegalArgumentException("ResNet width must be >= 1, got " + spec.getWidth());
    }
    this.blocksPerStage = (spec.getDepth() - 2) / 6;
    this.width = spec.getWidth();
  }

  public int blocksPerStage() {
    return blocksPerStage;
  }

  /** Channels of stage {@code s} (0, 1, 2). */
  public int stageWidth(int stage) {
    return width << stage;
  }

  /**
   * Adds the stem and the stages, calling {@code hook} after every block so that add-on layers
   * can be inserted; returns the last feature map.
   */
  public Operand<TFloat32> features(
      GraphLayerContext context, Operand<TFloat32> images, BlockHook hook) {
    Ops tf = context.tf();
    GraphLayerContext stem = context.scope("stem");
    Operand<TFloat32> x =
        tf.nn.relu(stem.batchNorm("bn", Layers.conv2d(stem, "conv", images, 3, width, 1, 1)));
    hook.afterStem(x);
    for (int stage = 0; stage < 3; stage++) {
      for (int block = 0; block < blocksPerStage; block++) {
        int stride = stage > 0 && block == 0 ? 2 : 1;
        GraphLayerContext b = context.scope("stage" + (stage + 1) + "/block" + (block + 1));
        x = basicBlock(b, x, stageWidth(stage), stride);
        x = hook.afterBlock(stage, block, x);
      }
    }
    return x;
  }

  private static Operand<TFloat32> basicBlock(
      GraphLayerContext c, Operand<TFloat32> x, int channels, int stride) {
    Ops tf = c.tf();
    Operand<TFloat32> y = tf.nn.relu(c.batchNorm("bn1", Layers.conv2d(c, "conv1", x, 3, channels,
        stride, 1)));
    y = c.batchNorm("bn2", Layers.conv2d(c, "conv2", y, 3, channels, 1, 1));
    Operand<TFloat32> shortcut = x;
    if (stride != 1 || Layers.channels(x) != channels) {
      shortcut = c.batchNorm("shortcut_bn", Layers.conv2d(c, "shortcut", x, 1, channels, stride,
          1));
    }
    return tf.nn.relu(tf.math.add(y, shortcut));
  }

  /** Parameters, state and multiply-accumulates of the network for one input. */
  public OperationCost cost(FeatureShape input, int classes) {
    OperationCost total = Layers.conv2dCost(input, 3, width, 1).plus(Layers.batchNormCost(width));
    FeatureShape shape = input.strided(1, width);
    for (int stage = 0; stage < 3; stage++) {
      int channels = stageWidth(stage);
      for (int block = 0; block < blocksPerStage; block++) {
        int stride = stage > 0 && block == 0 ? 2 : 1;
        FeatureShape out = shape.strided(stride, channels);
        total = total.plus(Layers.conv2dCost(shape, 3, channels, stride))
            .plus(Layers.conv2dCost(out, 3, channels, 1))
            .plus(Layers.batchNormCost(channels).plus(Layers.batchNormCost(channels)));
        if (stride != 1 || shape.channels() != channels) {
          total = total.plus(Layers.conv2dCost(shape, 1, channels, stride))
              .plus(Layers.batchNormCost(channels));
        }
        shape = out;
      }
    }
    long head = (long) shape.channels() * classes;
    return total.plus(new OperationCost(head + classes, 0, head));
  }

  /** Called after each block (stage and block from 0); returns the feature map to go on with. */
  @FunctionalInterface
  public interface BlockHook {
    Operand<TFloat32> afterBlock(int stage, int block, Operand<TFloat32> x);

    /** Sees the stem's output (the map before the first block). */
    default void afterStem(Operand<TFloat32> x) {}
  }
}
