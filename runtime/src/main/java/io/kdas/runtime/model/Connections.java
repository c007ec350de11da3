package io.kdas.runtime.model;

import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import io.kdas.proto.AddOnPosition;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The connection part of add-on layers: adapting an earlier layer's output to this layer. */
final class Connections {

  private Connections() {}

  /**
   * out_{j-i} brought to the shape of layer j: itself when shapes match, otherwise ReLU, a
   * strided 1x1 convolution and batch norm (owned by layer j, named by i).
   */
  static Operand<TFloat32> adapt(GraphLayerContext layer, List<AddOnPosition> positions, int j,
      int i, Operand<TFloat32> earlier, int channels) {
    AddOnPosition from = positions.get(j - i);
    AddOnPosition to = positions.get(j);
    int stride = AddOnGeometry.stride(from, to);
    if (stride == 1 && Layers.channels(earlier) == channels) {
      return earlier;
    }
    GraphLayerContext c = layer.scope("connection" + i);
    Ops tf = c.tf();
    return c.batchNorm("bn", Layers.conv2d(c, "conv", tf.nn.relu(earlier), 1, channels, stride,
        1));
  }

  /** The cost of {@link #adapt} (zero when shapes match). */
  static OperationCost adaptCost(AddOnGeometry geometry, List<AddOnPosition> positions, int j,
      int i) {
    AddOnPosition from = positions.get(j - i);
    AddOnPosition to = positions.get(j);
    int stride = AddOnGeometry.stride(from, to);
    FeatureShape source = geometry.at(from);
    int channels = geometry.at(to).channels();
    if (stride == 1 && source.channels() == channels) {
      return OperationCost.ZERO;
    }
    return Layers.conv2dCost(source, 1, channels, stride).plus(Layers.batchNormCost(channels));
  }
}
