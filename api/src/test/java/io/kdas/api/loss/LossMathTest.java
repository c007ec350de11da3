package io.kdas.api.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The shared loss maths on constants, against values worked out by hand in doubles. */
class LossMathTest {

  private static final float[][] LOGITS = {{1f, 2f, 3f}, {0f, 0f, 0f}};

  @Test
  void crossEntropyIsMinusLogSoftmaxOfTheLabel() {
    float[] ce = run1(tf -> LossMath.crossEntropy(
        tf, tf.constant(LOGITS), tf.constant(new int[] {0, 1}), 3));
    double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    assertArrayEquals(new float[] {(float) (lse - 1), (float) Math.log(3)}, ce, 1e-6f);
  }

  @Test
  void softenedKlIsTemperatureSquaredKlAndTreatsZeroTargetsAsZero() {
    float[][] target = {{0f, 0.25f, 0.75f}, {1f / 3, 1f / 3, 1f / 3}};
    float t = 2f;
    float[] kl = run1(tf -> LossMath.softenedKl(tf, tf.constant(target), tf.constant(LOGITS), t));
    double[] q = softmax(new double[] {0.5, 1, 1.5});
    double expected0 =
        t * t * (0.25 * Math.log(0.25 / q[1]) + 0.75 * Math.log(0.75 / q[2]));
    assertEquals(expected0, kl[0], 1e-5 * expected0);
    assertEquals(0, kl[1], 1e-6, "KL of a distribution to itself");
  }

  @Test
  void teacherCorrectComparesEachTeachersArgmaxWithTheLabel() {
    float[][][] teachers = {
      {{3f, 1f, 0f}, {0f, 2f, 1f}, {0f, 1f, 5f}},
      {{0f, 0f, 1f}, {0f, 0f, 2f}, {4f, 0f, 0f}},
    };
    float[][] correct = run2(tf -> LossMath.teacherCorrect(
        tf, tf.constant(teachers), tf.constant(new int[] {1, 2})));
    assertArrayEquals(new float[] {0f, 1f, 0f}, correct[0]);
    assertArrayEquals(new float[] {1f, 1f, 0f}, correct[1]);
  }

  @Test
  void ensembleTargetIsTheMeanOfTheSoftenedTeachers() {
    float[][][] teachers = {{{2f, 0f, 0f}, {0f, 0f, 4f}}};
    float[][] target = run2(tf -> LossMath.ensembleTarget(tf, tf.constant(teachers), 2f));
    double[] a = softmax(new double[] {1, 0, 0});
    double[] b = softmax(new double[] {0, 0, 2});
    for (int c = 0; c < 3; c++) {
      assertEquals((a[c] + b[c]) / 2, target[0][c], 1e-6);
    }
  }

  @Test
  void oneHotOfLabels() {
    float[][] oneHot = run2(tf -> LossMath.oneHot(tf, tf.constant(new int[] {2, 0}), 3));
    assertArrayEquals(new float[] {0f, 0f, 1f}, oneHot[0]);
    assertArrayEquals(new float[] {1f, 0f, 0f}, oneHot[1]);
  }

  private static double[] softmax(double[] z) {
    double sum = 0;
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i]);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  private static float[] run1(Function<Ops, Operand<TFloat32>> build) {
    try (Graph g = new Graph(); Session s = new Session(g);
        Result r = s.runner().fetch(build.apply(Ops.create(g))).run()) {
      return StdArrays.array1dCopyOf((TFloat32) r.get(0));
    }
  }

  private static float[][] run2(Function<Ops, Operand<TFloat32>> build) {
    try (Graph g = new Graph(); Session s = new Session(g);
        Result r = s.runner().fetch(build.apply(Ops.create(g))).run()) {
      return StdArrays.array2dCopyOf((TFloat32) r.get(0));
    }
  }
}
