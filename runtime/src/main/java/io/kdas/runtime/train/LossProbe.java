package io.kdas.runtime.train;

import io.kdas.api.PluginException;
import io.kdas.api.loss.DistillationInputs;
import io.kdas.api.loss.DistillationLoss;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds a loss plugin into a tiny graph when a spec is validated, so that a loss that throws,
 * returns the wrong shape, has no gradient or gives non-finite values fails in seconds, before
 * any teacher trains, with the plugin named.
 */
public final class LossProbe {

  private static final int BATCH = 3;

  private LossProbe() {}

  /**
   * Builds, differentiates and runs {@code loss} on 3 examples of {@code classes} classes from
   * {@code teachers} teachers (at least 1, so that a distillation loss has teachers to read).
   *
   * @param who the loss as the error should name it, e.g. "loss 'oracle-kd' (jar ...)"
   * @throws PluginException saying what went wrong
   */
  public static void probe(String who, DistillationLoss loss, int classes, int teachers) {
    int k = Math.max(1, teachers);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g).withSubScope("probe");
      Placeholder<TFloat32> student =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, classes)));
      Operand<TFloat32> teacher = tf.constant(Shape.of(BATCH, k, classes),
          DataBuffers.of(values(BATCH * k * classes, 7), true, false));
      Operand<TInt32> labels = tf.constant(new int[] {0, 1 % classes, 2 % classes});
      Operand<TFloat32> perExample;
      try {
        perExample = loss.perExampleLoss(tf, new DistillationInputs(student, teacher, labels,
            classes, k));
      } catch (RuntimeException e) {
        throw new PluginException(who + " failed to build: " + e.getMessage(), e);
      }
      if (!perExample.shape().isCompatibleWith(Shape.of(BATCH))) {
        throw new PluginException(who + " returned shape " + perExample.shape()
            + "; a loss returns one value per example, [batch]");
      }
      Output<?>[] gradient;
      try {
        gradient = g.addGradients(tf.reduceSum(perExample, tf.constant(0)).asOutput(),
            new Output<?>[] {student.asOutput()});
      } catch (RuntimeException e) {
        throw new PluginException(who + " cannot be trained: " + e.getMessage().lines()
            .findFirst().orElse(""), e);
      }
      if (gradient[0].index() < 0) {
        throw new PluginException(who + ": no gradient reaches the student's logits");
      }
      try (TFloat32 in = TFloat32.tensorOf(Shape.of(BATCH, classes),
              DataBuffers.of(values(BATCH * classes, 3), true, false));
          Result r = s.runner().feed(student, in).fetch(perExample).fetch(gradient[0]).run()) {
        for (int i = 0; i < 2; i++) {
          TFloat32 t = (TFloat32) r.get(i);
          float[] v = new float[(int) t.shape().size()];
          t.copyTo(DataBuffers.of(v, false, false));
          for (float x : v) {
            if (!Float.isFinite(x)) {
              throw new PluginException(who + " gives a non-finite " + (i == 0 ? "value"
                  : "gradient") + " (" + x + ") on small finite logits");
            }
          }
        }
      } catch (PluginException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new PluginException(who + " failed to run: " + e.getMessage().lines().findFirst()
            .orElse(""), e);
      }
    }
  }

  /** Deterministic logits in [-2, 2). */
  private static float[] values(int n, int seed) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = ((i * 37 + seed * 11) % 40) / 10f - 2f;
    }
    return v;
  }
}
