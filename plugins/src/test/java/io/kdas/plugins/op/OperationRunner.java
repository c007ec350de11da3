package io.kdas.plugins.op;

import io.kdas.api.op.CandidateOperation;
import io.kdas.layers.GraphLayerContext;
import io.kdas.layers.VariableStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Builds one operation on a placeholder of unknown batch size and runs it on given values. */
final class OperationRunner {

  /**
   * What one build and run gave.
   *
   * @param output the output values, row-major
   * @param shape the shape of the output tensor
   * @param staticShape the static shape of the output operand
   * @param opTypes the types of the ops the build added, in creation order
   * @param isInput whether the output operand is the input placeholder itself
   * @param variables the shapes of the variables it created, by scoped name in creation order
   */
  record Run(float[] output, Shape shape, Shape staticShape, List<String> opTypes,
      boolean isInput, Map<String, Shape> variables) {}

  private OperationRunner() {}

  /** Standard normal values of this shape, seeded. */
  static float[] random(Shape shape, long seed) {
    Random random = new Random(seed);
    float[] v = new float[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  /** Builds {@code op} (inference mode) on a [-1, h, w, c] placeholder and runs it on values. */
  static Run run(CandidateOperation op, Shape inputShape, float[] values, int outChannels,
      int stride) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("input").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, inputShape.get(1), inputShape.get(2),
              inputShape.get(3))));
      Set<String> before = new HashSet<>();
      g.operations().forEachRemaining(o -> before.add(o.name()));
      VariableStore store = VariableStore.seeded(g, 7);
      Operand<TFloat32> y = op.build(
          GraphLayerContext.root(tf.withSubScope("eval"), store, false), x, outChannels, stride);
      List<String> types = new ArrayList<>();
      for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
        GraphOperation o = it.next();
        if (!before.contains(o.name())) {
          types.add(o.type());
        }
      }
      try (TFloat32 in = TFloat32.tensorOf(inputShape, DataBuffers.of(values, true, false));
          Result r = s.runner().feed(x, in).fetch(y).run()) {
        TFloat32 out = (TFloat32) r.get(0);
        float[] v = new float[(int) out.shape().size()];
        out.copyTo(DataBuffers.of(v, false, false));
        Map<String, Shape> variables = new LinkedHashMap<>();
        store.all().forEach((name, variable) -> variables.put(name, variable.shape()));
        return new Run(v, out.shape(), y.shape(), types, y == x, variables);
      }
    }
  }
}
