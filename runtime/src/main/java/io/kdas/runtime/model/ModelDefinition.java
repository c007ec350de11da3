package io.kdas.runtime.model;

import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import io.kdas.layers.GraphLayerContext;
import io.kdas.proto.AddOnPosition;
import io.kdas.proto.ModelSpec;
import io.kdas.runtime.data.ChannelStats;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Everything needed to build one network the same way in every graph (training, evaluation,
 * export): its spec, the number of classes, the input size and the input normalization, which is
 * part of the graph so that exported models take images in [0, 1].
 */
public record ModelDefinition(ModelSpec spec, int classes, int height, int width,
    ChannelStats normalization, AddOns addOns) {

  public ModelDefinition {
    if (spec.getKindCase() != ModelSpec.KindCase.RESNET) {
      throw new IllegalArgumentException("model: only resnet is supported");
    }
    String problem = positionProblem(spec, addOns.positions());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * What is wrong with add-on positions on a backbone, or null: each must lie in the backbone
   * (stages 1..3, blocks 1..n) and come strictly after the previous one in network order.
   */
  public static String positionProblem(ModelSpec spec, List<AddOnPosition> positions) {
    int blocks = new ResNet(spec.getResnet()).blocksPerStage();
    int previous = -1;
    for (int j = 0; j < positions.size(); j++) {
      AddOnPosition p = positions.get(j);
      String where = "position " + (j + 1) + " (stage " + p.getStage() + " after_block "
          + p.getAfterBlock() + ")";
      if (p.getStage() < 1 || p.getStage() > 3 || p.getAfterBlock() < 1
          || p.getAfterBlock() > blocks) {
        return where + " is outside " + label(spec) + ": stages 1 to 3, blocks 1 to " + blocks;
      }
      int index = (p.getStage() - 1) * blocks + p.getAfterBlock() - 1;
      if (index <= previous) {
        return where + " does not come after position " + j + " in network order: positions "
            + "must be listed by stage, then block, each block at most once";
      }
      previous = index;
    }
    return null;
  }

  /** A plain backbone without add-on layers. */
  public ModelDefinition(ModelSpec spec, int classes, int height, int width,
      ChannelStats normalization) {
    this(spec, classes, height, width, normalization, AddOns.NONE);
  }

  /** This model with other add-on layers. */
  public ModelDefinition withAddOns(AddOns other) {
    return new ModelDefinition(spec, classes, height, width, normalization, other);
  }

  /** Adds the network for images float32 [batch, height, width, 3] in [0, 1]; returns logits. */
  public Operand<TFloat32> logits(GraphLayerContext context, Operand<TFloat32> images) {
    ResNet backbone = new ResNet(spec.getResnet());
    AddOnChain geometry = chain();
    List<AddOnPosition> positions = addOns.positions();
    int backboneNodes = geometry.backboneNodes(positions);
    // The chain the connections read: the backbone's outputs before the first add-on layer,
    // then the add-on layers' outputs (AddOnChain).
    List<Operand<TFloat32>> chain = new ArrayList<>();
    Operand<TFloat32> input = normalize(context.tf(), images);
    if (backboneNodes > 0) {
      chain.add(input);
    }
    Operand<TFloat32> features = backbone.features(context, input, new ResNet.BlockHook() {
      @Override
      public void afterStem(Operand<TFloat32> x) {
        if (chain.size() < backboneNodes) {
          chain.add(x);
        }
      }

      @Override
      public Operand<TFloat32> afterBlock(int stage, int block, Operand<TFloat32> x) {
        Operand<TFloat32> out = x;
        for (int j = 0; j < positions.size(); j++) {
          AddOnPosition p = positions.get(j);
          if (p.getStage() == stage + 1 && p.getAfterBlock() == block + 1) {
            out = addOns.layer(context, geometry, j, out, chain);
            chain.add(out);
          }
        }
        if (chain.size() < backboneNodes) {
          chain.add(out);
        }
        return out;
      }
    });
    Ops tf = context.tf();
    return Layers.dense(context, "head", Layers.globalAveragePool(tf, features), classes);
  }

  /** Parameters, state and multiply-accumulates per image, add-on layers included. */
  public OperationCost cost() {
    return new ResNet(spec.getResnet()).cost(new FeatureShape(height, width, 3), classes)
        .plus(addOns.cost(chain()));
  }

  /** The shapes of the maps that add-on connections can read in this model. */
  public AddOnChain chain() {
    return new AddOnChain(height, width, spec.getResnet().getWidth(),
        new ResNet(spec.getResnet()).blocksPerStage());
  }

  /** A short name such as {@code resnet-32} or {@code resnet-32+3}. */
  public String label() {
    return label(spec) + (addOns.positions().isEmpty() ? "" : "+" + addOns.positions().size());
  }

  private static String label(ModelSpec spec) {
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
