package io.kdas.plugins.loss;

import io.kdas.api.Plugin;
import io.kdas.api.loss.DistillationInputs;
import io.kdas.api.loss.DistillationLoss;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Creates the built-in losses through their plugins and runs them on small batches. */
final class LossRunner {

  private LossRunner() {}

  static DistillationLoss create(Plugin<DistillationLoss> plugin, Map<String, String> params) {
    return plugin.create(plugin.parameters().resolve(params));
  }

  static DistillationLoss oracleKd(
      String combination, String fallback, double temperature, double alpha) {
    return create(new OracleKdLossPlugin(),
        Map.of("combination", combination, "fallback", fallback,
            "temperature", Double.toString(temperature), "alpha", Double.toString(alpha)));
  }

  static DistillationLoss ensembleKd(double temperature, double alpha) {
    return create(new EnsembleKdLossPlugin(),
        Map.of("temperature", Double.toString(temperature), "alpha", Double.toString(alpha)));
  }

  static DistillationLoss crossEntropy() {
    return create(new CrossEntropyLossPlugin(), Map.of());
  }

  /** The per-example loss on constant inputs. */
  static float[] run(
      DistillationLoss loss, float[][] student, float[][][] teachers, int[] labels) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> out = loss.perExampleLoss(tf.withSubScope("loss"),
          new DistillationInputs(tf.constant(student), tf.constant(teachers),
              tf.constant(labels), student[0].length, teachers[0].length));
      return fetch(s.runner().fetch(out).run());
    }
  }

  /**
   * The per-example loss on placeholders of the given static shapes (-1 for unknown), fed the
   * inputs.
   */
  static float[] runFed(
      DistillationLoss loss, Shape studentShape, Shape teacherShape,
      float[][] student, float[][][] teachers, int[] labels) {
    try (Graph g = new Graph(); Session s = new Session(g);
        TFloat32 st = TFloat32.tensorOf(StdArrays.ndCopyOf(student));
        TFloat32 te = TFloat32.tensorOf(StdArrays.ndCopyOf(teachers));
        TInt32 lb = TInt32.vectorOf(labels)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> sp = tf.placeholder(TFloat32.class, Placeholder.shape(studentShape));
      Placeholder<TFloat32> tp = tf.placeholder(TFloat32.class, Placeholder.shape(teacherShape));
      Placeholder<TInt32> lp = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> out = loss.perExampleLoss(tf.withSubScope("loss"),
          new DistillationInputs(sp, tp, lp, student[0].length, teachers[0].length));
      return fetch(s.runner().feed(sp, st).feed(tp, te).feed(lp, lb).fetch(out).run());
    }
  }

  private static float[] fetch(Result run) {
    try (Result r = run) {
      return StdArrays.array1dCopyOf((TFloat32) r.get(0));
    }
  }
}
