package io.kdas.runtime.model;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.OperationCost;
import io.kdas.layers.GraphLayerContext;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.AddOnPosition;
import io.kdas.proto.Architecture;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The add-on layers of one architecture: each layer builds only its chosen operation. */
public final class FixedAddOns implements AddOns {

  private final Architecture architecture;
  private final Map<String, CandidateOperation> operations;

  /**
   * @param operations the candidate operations by name; must hold every op the architecture uses
   */
  public FixedAddOns(Architecture architecture, Map<String, CandidateOperation> operations) {
    if (architecture.getLayerCount() != architecture.getPositionCount()) {
      throw new IllegalArgumentException("architecture has " + architecture.getLayerCount()
          + " layers but " + architecture.getPositionCount() + " positions");
    }
    for (AddOnLayer layer : architecture.getLayerList()) {
      if (!operations.containsKey(layer.getOperation())) {
        throw new IllegalArgumentException("architecture uses operation '"
            + layer.getOperation() + "'; installed: " + operations.keySet());
      }
    }
    this.architecture = architecture;
    this.operations = Map.copyOf(operations);
  }

  public Architecture architecture() {
    return architecture;
  }

  @Override
  public List<AddOnPosition> positions() {
    return architecture.getPositionList();
  }

  @Override
  public Operand<TFloat32> layer(GraphLayerContext context, AddOnChain geometry, int j,
      Operand<TFloat32> h, List<Operand<TFloat32>> chain) {
    AddOnLayer decisions = architecture.getLayer(j);
    GraphLayerContext layer = context.scope("addon" + (j + 1));
    Ops tf = layer.tf();
    int channels = io.kdas.api.op.Layers.channels(h);
    Operand<TFloat32> input = h;
    for (int i = 1; i <= decisions.getConnectionCount(); i++) {
      int source = geometry.source(positions(), j, i);
      if (decisions.getConnection(i - 1) && source >= 0) {
        input = tf.math.add(input, Connections.adapt(layer, geometry, positions(), j, i,
            chain.get(source)));
      }
    }
    CandidateOperation op = operations.get(decisions.getOperation());
    return tf.math.add(h, op.build(layer.scope(decisions.getOperation()), input, channels, 1));
  }

  @Override
  public OperationCost cost(AddOnChain geometry) {
    OperationCost total = OperationCost.ZERO;
    for (int j = 0; j < architecture.getLayerCount(); j++) {
      AddOnLayer decisions = architecture.getLayer(j);
      var shape = geometry.at(positions().get(j)).shape();
      total = total.plus(operations.get(decisions.getOperation()).cost(shape, shape.channels(),
          1));
      for (int i = 1; i <= decisions.getConnectionCount(); i++) {
        if (decisions.getConnection(i - 1) && geometry.live(positions(), j, i)) {
          total = total.plus(Connections.adaptCost(geometry, positions(), j, i));
        }
      }
    }
    return total;
  }
}
