package io.kdas.runtime.search;

import io.kdas.api.PluginException;
import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.op.CandidateOperation;
import io.kdas.layers.GraphLayerContext;
import io.kdas.layers.VariableStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The candidate operations of a search, loaded through the registry. Each is built once on a tiny
 * graph and differentiated when it is loaded, so that an operation whose TensorFlow ops have no
 * gradient is refused before the search starts rather than in the middle of it.
 */
public final class OperationCatalog {

  /** The paper's seven candidates. */
  public static final List<String> PAPER_OPERATIONS = List.of("identity", "conv-3x3",
      "conv-5x5", "sep-conv-3x3", "sep-conv-5x5", "max-pool-3x3", "avg-pool-3x3");

  private OperationCatalog() {}

  /**
   * Loads and probes the named operations.
   *
   * @throws PluginException naming the operation (and the TensorFlow op type) that cannot be used
   */
  public static Map<String, CandidateOperation> load(PluginRegistry registry,
      List<String> names) {
    Map<String, CandidateOperation> ops = new LinkedHashMap<>();
    for (String name : names) {
      CandidateOperation op =
          registry.create(PluginKind.OPERATION, name, Map.of(), CandidateOperation.class);
      probe(name, op);
      ops.put(name, op);
    }
    return ops;
  }

  /** Builds the op on [2, 8, 8, 4] with stride 1 and 2 and checks that gradients flow. */
  static void probe(String name, CandidateOperation op) {
    for (int stride : new int[] {1, 2}) {
      try (Graph graph = new Graph()) {
        Ops tf = Ops.create(graph);
        VariableStore store = VariableStore.seeded(graph, 0);
        Placeholder<TFloat32> input =
            tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 8, 8, 4)));
        Operand<TFloat32> out;
        try {
          out = op.build(GraphLayerContext.root(tf.withSubScope("probe"), store, true).scope(
              "op"), input, 8, stride);
        } catch (RuntimeException e) {
          throw new PluginException("operation '" + name + "' failed to build (stride " + stride
              + "): " + e.getMessage(), e);
        }
        long expected = (8 + stride - 1) / stride;
        if (!out.shape().isCompatibleWith(Shape.of(2, expected, expected, 8))) {
          throw new PluginException("operation '" + name + "' returned shape " + out.shape()
              + " for stride " + stride + "; expected [2, " + expected + ", " + expected
              + ", 8]");
        }
        List<Variable<TFloat32>> vars = store.trainable();
        if (vars.isEmpty()) {
          continue; // nothing to train (identity, pooling, zero)
        }
        Output<?>[] xs = vars.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
        Output<?>[] grads;
        try {
          grads = graph.addGradients(tf.reduceSum(out, tf.constant(new int[] {0, 1, 2, 3}))
              .asOutput(), xs);
        } catch (TensorFlowException e) {
          throw new PluginException("operation '" + name + "' cannot be trained: "
              + e.getMessage().lines().findFirst().orElse(""), e);
        }
        for (int i = 0; i < grads.length; i++) {
          if (grads[i].index() < 0) {
            throw new PluginException("operation '" + name + "': variable "
                + vars.get(i).op().name() + " gets no gradient");
          }
        }
      }
    }
  }
}
