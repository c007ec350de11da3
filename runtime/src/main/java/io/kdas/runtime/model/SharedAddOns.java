package io.kdas.runtime.model;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import io.kdas.layers.GraphLayerContext;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.AddOnPosition;
import io.kdas.proto.Architecture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The shared model of a weight-sharing search: every add-on layer holds every candidate
 * operation and every connection, and per-step masks fed through placeholders select one child.
 * Weights live under the same names as in {@link FixedAddOns}, so all children share them.
 *
 * <p>Only the selected candidate of a layer computes on the batch (it is routed to it; the
 * others see one row, and their outputs are dropped), so a step costs about what the selected
 * child's step costs. Connections are masked: their adapters are cheap next to the candidates.
 */
public final class SharedAddOns implements AddOns {

  private final List<AddOnPosition> positions;
  private final List<String> operationNames;
  private final Map<String, CandidateOperation> operations;
  private final int connections;
  private final Map<Graph, Masks> masks = new HashMap<>();

  public SharedAddOns(List<AddOnPosition> positions, Map<String, CandidateOperation> operations,
      int connections) {
    this.positions = List.copyOf(positions);
    this.operations = new LinkedHashMap<>(operations);
    this.operationNames = List.copyOf(operations.keySet());
    this.connections = connections;
  }

  @Override
  public List<AddOnPosition> positions() {
    return positions;
  }

  @Override
  public Operand<TFloat32> layer(GraphLayerContext context, AddOnChain geometry, int j,
      Operand<TFloat32> h, List<Operand<TFloat32>> chain) {
    Masks m = masks(context.tf());
    GraphLayerContext layer = context.scope("addon" + (j + 1));
    Ops tf = layer.tf();
    int channels = Layers.channels(h);
    Operand<TFloat32> input = h;
    for (int i = 1; i <= connections && geometry.live(positions, j, i); i++) {
      Operand<TFloat32> on = tf.gather(m.connect.get(j), tf.constant(i - 1), tf.constant(0));
      input = tf.math.add(input, tf.math.mul(on, Connections.adapt(layer, geometry, positions, j,
          i, chain.get(geometry.source(positions, j, i)))));
    }
    // Each candidate computes on the rows routed to it: every row for the selected one, one row
    // for each of the others, so a step costs about what the selected child costs (as in ENAS)
    // while the graph stays free of control flow. The unselected candidates' outputs are cut to
    // no rows, so their gradients are exactly zero, as under a zero mask. (Not an empty batch:
    // TensorFlow's depthwise filter gradient leaves its output uninitialized for one.)
    Shape shape = input.shape();
    Operand<TInt32> rows = tf.gather(tf.shape(input), tf.constant(0), tf.constant(0));
    Operand<TInt32> origin = tf.constant(new int[4]);
    Operand<TInt32> one = tf.constant(1);
    Operand<TInt32> all = tf.constant(-1);
    Operand<TInt32> routedShape = tf.constant(new int[] {-1, (int) shape.get(1),
        (int) shape.get(2), (int) shape.get(3)});
    List<Operand<TFloat32>> outputs = new ArrayList<>();
    for (int k = 0; k < operationNames.size(); k++) {
      String name = operationNames.get(k);
      Operand<TInt32> count = tf.math.mul(rows, tf.dtypes.cast(
          tf.gather(m.choice.get(j), tf.constant(k), tf.constant(0)), TInt32.class));
      Operand<TFloat32> routed = tf.reshape(tf.slice(input, origin,
          tf.stack(List.of(tf.math.maximum(count, one), all, all, all))), routedShape);
      Operand<TFloat32> out = operations.get(name).build(layer.scope(name), routed, channels, 1);
      outputs.add(tf.slice(out, origin, tf.stack(List.of(count, all, all, all))));
    }
    // Exactly one output holds rows: concatenating them is the selected candidate's output.
    return tf.math.add(h, tf.reshape(tf.concat(outputs, tf.constant(0)), routedShape));
  }

  /** The placeholder values that select {@code architecture} in {@code graph}. */
  public Map<Operand<TFloat32>, float[]> feeds(Graph graph, Architecture architecture) {
    Masks m = masks.get(graph);
    if (m == null) {
      throw new IllegalStateException("the shared model was not built in this graph");
    }
    Map<Operand<TFloat32>, float[]> feeds = new LinkedHashMap<>();
    for (int j = 0; j < positions.size(); j++) {
      AddOnLayer layer = architecture.getLayer(j);
      float[] choice = new float[operationNames.size()];
      int k = operationNames.indexOf(layer.getOperation());
      if (k < 0) {
        throw new IllegalArgumentException("operation '" + layer.getOperation()
            + "' is not a candidate; candidates: " + operationNames);
      }
      choice[k] = 1;
      float[] connect = new float[Math.max(1, connections)];
      for (int i = 0; i < connections && i < layer.getConnectionCount(); i++) {
        connect[i] = layer.getConnection(i) ? 1 : 0;
      }
      feeds.put(m.choice.get(j), choice);
      feeds.put(m.connect.get(j), connect);
    }
    return feeds;
  }

  /**
   * The cost of the shared model: every candidate and connection of every layer (the weights it
   * holds; a step computes only the selected ones).
   */
  @Override
  public OperationCost cost(AddOnChain geometry) {
    OperationCost total = OperationCost.ZERO;
    for (int j = 0; j < positions.size(); j++) {
      var shape = geometry.at(positions.get(j)).shape();
      for (CandidateOperation op : operations.values()) {
        total = total.plus(op.cost(shape, shape.channels(), 1));
      }
      for (int i = 1; i <= connections && geometry.live(positions, j, i); i++) {
        total = total.plus(Connections.adaptCost(geometry, positions, j, i));
      }
    }
    return total;
  }

  private Masks masks(Ops tf) {
    ExecutionEnvironment env = tf.scope().env();
    Graph graph = (Graph) env;
    return masks.computeIfAbsent(graph, g -> {
      Ops root = Ops.create(g).withSubScope("architecture");
      List<Placeholder<TFloat32>> choice = new ArrayList<>();
      List<Placeholder<TFloat32>> connect = new ArrayList<>();
      for (int j = 0; j < positions.size(); j++) {
        choice.add(root.withName("choice" + (j + 1)).placeholder(TFloat32.class,
            Placeholder.shape(Shape.of(operationNames.size()))));
        connect.add(root.withName("connect" + (j + 1)).placeholder(TFloat32.class,
            Placeholder.shape(Shape.of(Math.max(1, connections)))));
      }
      return new Masks(choice, connect);
    });
  }

  private record Masks(List<Placeholder<TFloat32>> choice, List<Placeholder<TFloat32>> connect) {}
}
