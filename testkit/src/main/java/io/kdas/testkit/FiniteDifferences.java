package io.kdas.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Compares a gradient built by {@code Graph.addGradients} with a central finite difference of the
 * objective along a seeded random direction, evaluated by feeding perturbed values for the
 * variable. Catches ops whose registered gradient is wrong rather than missing: TensorFlow's C++
 * gradients of {@code Conv2D} and {@code DepthwiseConv2dNative}, for instance, ignore {@code
 * dilations}, so a dilated convolution trains with the gradient of an undilated one.
 *
 * <p>The tolerance is 1% of the larger of the two derivatives, plus 2e-4 |gradient| |direction|
 * (for directions nearly orthogonal to the gradient), plus the rounding noise of the objective.
 * The step is 1e-3 along a direction of standard normal elements, and 1e-4 if that misses. When
 * both miss, the check fails only if the two differences agree with each other: a kink (a ReLU
 * or max pool after a variable) within the step makes float32 differences erratic, so they
 * disagree and prove nothing, while a wrong gradient misses by the same amount at both steps.
 * The built-in operations stay below a tenth of the tolerance at the first step; a dilated
 * depthwise convolution misses it a hundredfold at both.
 */
final class FiniteDifferences {

  private static final float[] STEPS = {1e-3f, 1e-4f};
  private static final double RELATIVE = 1e-2;

  private final Session session;
  private final Placeholder<TFloat32> x;
  private final TFloat32 input;
  private final Operand<TFloat32> objective;
  private final String who;
  private double scale;

  FiniteDifferences(Session session, Placeholder<TFloat32> x, TFloat32 input,
      Operand<TFloat32> objective, String who) {
    this.session = session;
    this.x = x;
    this.input = input;
    this.objective = objective;
    this.who = who;
  }

  /**
   * Sets the size of the objective's rounding error: one float32 ulp (about 1e-7) of the sum of
   * the absolute values of its terms.
   */
  void setScale(float sumOfAbsoluteTerms) {
    scale = sumOfAbsoluteTerms;
  }

  /** Checks the gradient {@code analytic} of the objective w.r.t. {@code v}. */
  void check(Variable<TFloat32> v, String what, float[] analytic) {
    float[] base;
    try (Result r = session.runner().fetch(v).run()) {
      base = OperationConformance.values((TFloat32) r.get(0));
    }
    double[] numeric = new double[STEPS.length];
    double[] tolerance = new double[STEPS.length];
    double directional = 0;
    for (int k = 0; k < STEPS.length; k++) {
      float step = STEPS[k];
      Random random = new Random(what.hashCode());
      float[] plus = new float[base.length];
      float[] minus = new float[base.length];
      double dot = 0;
      double gradientNorm = 0;
      double directionNorm = 0;
      for (int i = 0; i < base.length; i++) {
        float d = (float) random.nextGaussian();
        plus[i] = base[i] + step * d;
        minus[i] = base[i] - step * d;
        double exact = ((double) plus[i] - minus[i]) / (2.0 * step); // d as float32 has it
        dot += analytic[i] * exact;
        gradientNorm += (double) analytic[i] * analytic[i];
        directionNorm += exact * exact;
      }
      directional = dot;
      numeric[k] = (evaluate(v, plus) - evaluate(v, minus)) / (2.0 * step);
      tolerance[k] = RELATIVE * Math.max(Math.abs(dot), Math.abs(numeric[k]))
          + 2e-4 * Math.sqrt(gradientNorm * directionNorm) + 1e-7 * scale / step;
      if (Math.abs(dot - numeric[k]) <= tolerance[k]) {
        return;
      }
    }
    if (Math.abs(numeric[0] - numeric[1]) > Math.min(tolerance[0], tolerance[1]) / 2) {
      return; // inconclusive: the objective is not smooth along this direction (a kink)
    }
    fail(String.format("%s: the gradient w.r.t. %s does not match finite differences: along a"
        + " random direction it gives %.5g, the objective changes by %.5g (step %.0e) and %.5g"
        + " (step %.0e), tolerance %.2g; is an op's registered gradient wrong? (TensorFlow's"
        + " Conv2D and DepthwiseConv2dNative gradients ignore dilations)", who, what, directional,
        numeric[0], STEPS[0], numeric[1], STEPS[1], tolerance[0]));
  }

  private double evaluate(Variable<TFloat32> v, float[] values) {
    try (TFloat32 value = TFloat32.tensorOf(v.shape(), DataBuffers.of(values, true, false));
        Result r = session.runner().feed(x, input).feed(v, value).fetch(objective).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}
