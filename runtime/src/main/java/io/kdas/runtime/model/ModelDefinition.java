package io.kdas.runtime.model;

import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.OperationCost;
import io.kdas.proto.ModelSpec;
import io.kdas.runtime.data.ChannelStats;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Everything needed to build one network the same way in every graph (training, evaluation,
 * export): its spec, the number of classes, the input size and the input normalization, which is
 * part of the graph so that exported models take images in [0, 1].
 */
public record ModelDefinition(
    ModelSpec spec, int classes, int height, int width, ChannelStats normalization) {

  public ModelDefinition {
    if (spec.getKindCase() != ModelSpec.KindCase.RESNET) {
      throw new IllegalArgumentException("model: only resnet is supported");
    }
  }

  /** Adds the network for images float32 [batch, height, width, 3] in [0, 1]; returns logits. */
  public Operand<TFloat32> logits(GraphLayerContext context, Operand<TFloat32> images) {
    return new ResNet(spec.getResnet()).logits(context, normalize(context.tf(), images), classes);
  }

  /** Parameters, state and multiply-accumulates per image. */
  public OperationCost cost() {
    return new ResNet(spec.getResnet()).cost(new FeatureShape(height, width, 3), classes);
  }

  /** A short name such as {@code resnet-32}. */
  public String label() {
    var r = spec.getResnet();
    return "resnet-" + r.getDepth() + (r.getWidth() == 16 ? "" : "x" + r.getWidth());
  }

  private Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> images) {
    Ops n = tf.withSubScope("normalize");
    return n.math.div(
        n.math.sub(images, n.constant(normalization.mean())),
        n.constant(normalization.std()));
  }
}
