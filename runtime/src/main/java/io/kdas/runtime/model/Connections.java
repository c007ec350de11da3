package io.kdas.runtime.model;

import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import io.kdas.layers.GraphLayerContext;
import io.kdas.proto.AddOnPosition;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The connection part of add-on layers: bringing an earlier map of the chain to this layer. */
final class Connections {

  private Connections() {}

  /**
   * The map that connection i of layer j reads, brought to the shape of layer j: itself when
   * shapes match, otherwise ReLU, a strided 1x1 convolution and batch norm (owned by layer j,
   * named by i).
   */
  static Operand<TFloat32> adapt(GraphLayerContext layer, AddOnChain geometry,
      List<AddOnPosition> positions, int j, int i, Operand<TFloat32> earlier) {
    AddOnChain.Node from = geometry.node(positions, geometry.source(positions, j, i));
    AddOnChain.Node to = geometry.at(positions.get(j));
    if (from.equals(to)) {
      return earlier;
    }
    GraphLayerContext c = layer.scope("connection" + i);
    Ops tf = c.tf();
    return c.batchNorm("bn", Layers.conv2d(c, "conv", tf.nn.relu(earlier), 1,
        to.shape().channels(), stride(from, to), 1));
  }

  /** The cost of {@link #adapt} (zero when shapes match). */
  static OperationCost adaptCost(AddOnChain geometry, List<AddOnPosition> positions, int j,
      int i) {
    AddOnChain.Node from = geometry.node(positions, geometry.source(positions, j, i));
    AddOnChain.Node to = geometry.at(positions.get(j));
    if (from.equals(to)) {
      return OperationCost.ZERO;
    }
    int channels = to.shape().channels();
    return Layers.conv2dCost(from.shape(), 1, channels, stride(from, to))
        .plus(Layers.batchNormCost(channels));
  }

  private static int stride(AddOnChain.Node from, AddOnChain.Node to) {
    return 1 << (to.stage() - from.stage());
  }
}
