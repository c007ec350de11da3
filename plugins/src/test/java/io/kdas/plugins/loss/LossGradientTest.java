package io.kdas.plugins.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.loss.DistillationInputs;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.loss.LossMath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Gradients of the built-in losses in a graph that holds a tiny student (a dense layer) and a tiny
 * "teacher" (a dense layer whose output is reshaped to [batch, teachers, classes]) side by side.
 *
 * <p>What {@code Graph.addGradients} (TF Java 1.1.0) returns for an x that reaches y only through
 * {@code StopGradient}: not a zeros tensor, but the C API's "no gradient" marker, an {@code
 * Output} with index -1 whose operation has a null native handle (any use, e.g. {@code
 * op().type()} or fetching it, throws IllegalStateException "close() has been called on the
 * Graph..."). For an x that y does not depend on at all, addGradients throws
 * TFInvalidArgumentException "... unreachable from the output node(s)".
 */
class LossGradientTest {

  private static final int BATCH = 4;
  private static final int FEATURES = 3;
  private static final int CLASSES = 4;
  private static final int TEACHERS = 3;

  private static final float[][] X = matrix(new Random(1), BATCH, FEATURES, 1);
  private static final float[][] W = matrix(new Random(2), FEATURES, CLASSES, 0.8);
  private static final float[] B = matrix(new Random(3), 1, CLASSES, 0.3)[0];
  private static final float[][] TEACHER_W = matrix(new Random(4), FEATURES, TEACHERS * CLASSES, 2);
  private static final float[] TEACHER_B = matrix(new Random(5), 1, TEACHERS * CLASSES, 1)[0];
  private static final int[] LABELS = labelsCoveringEveryCase();

  static Stream<Arguments> losses() {
    List<Arguments> all = new ArrayList<>();
    all.add(Arguments.of("cross-entropy", LossRunner.crossEntropy()));
    all.add(Arguments.of("ensemble-kd", LossRunner.ensembleKd(2.5, 0.7)));
    for (String combination : List.of("mean-probabilities", "mean-logits", "most-confident")) {
      for (String fallback : List.of("cross-entropy", "ensemble-kd")) {
        all.add(Arguments.of("oracle-kd " + combination + ", fallback " + fallback,
            LossRunner.oracleKd(combination, fallback, 2.5, 0.7)));
      }
    }
    return all.stream();
  }

  @Test
  void theLabelsGiveEveryOracleCase() {
    float[][][] teachers = teacherLogits();
    List<Integer> counts = new ArrayList<>();
    for (int b = 0; b < BATCH; b++) {
      double[][] z = new double[TEACHERS][];
      for (int k = 0; k < TEACHERS; k++) {
        z[k] = LossFixtures.toDouble(teachers[b][k]);
      }
      counts.add(Reference.correctTeachers(z, LABELS[b]).size());
    }
    assertTrue(counts.contains(0) && counts.stream().anyMatch(c -> c > 0),
        "correct teachers per example: " + counts);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void studentVariablesGetFiniteNonZeroGradients(String name, DistillationLoss loss) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Model m = Model.build(g, loss, W);
      Output<?>[] grads = g.addGradients(m.meanLoss.asOutput(),
          new Output<?>[] {m.w.asOutput(), m.b.asOutput()});
      try (Result r = s.runner().fetch(grads[0]).fetch(grads[1]).run()) {
        float[][] dw = StdArrays.array2dCopyOf((TFloat32) r.get(0));
        float[] db = StdArrays.array1dCopyOf((TFloat32) r.get(1));
        assertFiniteAndNonZero(dw, name + ": dL/dW");
        assertFiniteAndNonZero(new float[][] {db}, name + ": dL/db");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void teacherVariablesGetNoGradient(String name, DistillationLoss loss) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Model m = Model.build(g, loss, W);
      Output<?>[] x = {m.teacherW.asOutput(), m.teacherB.asOutput()};
      if (!loss.usesTeachers()) {
        TFInvalidArgumentException e = assertThrows(TFInvalidArgumentException.class,
            () -> g.addGradients(m.meanLoss.asOutput(), x));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        return;
      }
      Output<?>[] grads = g.addGradients(m.meanLoss.asOutput(), x);
      for (Output<?> grad : grads) {
        assertNoGradient(s, grad, name);
      }
      // the student's gradient is unaffected by asking for the teacher's
      Output<?> dw = g.addGradients(m.meanLoss.asOutput(), new Output<?>[] {m.w.asOutput()})[0];
      assertTrue(dw.index() >= 0, name);
    }
  }

  @Test
  void withoutStopGradientTheTeacherWouldGetAGradient() {
    // The control for teacherVariablesGetNoGradient: the same KL term, teacher logits not stopped.
    DistillationLoss leaky = new DistillationLoss() {
      @Override
      public Operand<TFloat32> perExampleLoss(Ops tf, DistillationInputs in) {
        Operand<TFloat32> target = LossMath.ensembleTarget(tf, in.teacherLogits(), 2.5f);
        return LossMath.softenedKl(tf, target, in.studentLogits(), 2.5f);
      }

      @Override
      public boolean usesTeachers() {
        return true;
      }
    };
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Model m = Model.build(g, leaky, W);
      Output<?> grad = g.addGradients(m.meanLoss.asOutput(),
          new Output<?>[] {m.teacherW.asOutput()})[0];
      assertTrue(grad.index() >= 0);
      try (Result r = s.runner().fetch(grad).run()) {
        assertFiniteAndNonZero(StdArrays.array2dCopyOf((TFloat32) r.get(0)), "leaky dL/dWt");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void gradientMatchesAFiniteDifference(String name, DistillationLoss loss) {
    float[][] dw;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Model m = Model.build(g, loss, W);
      Output<?> grad = g.addGradients(m.meanLoss.asOutput(), new Output<?>[] {m.w.asOutput()})[0];
      try (Result r = s.runner().fetch(grad).run()) {
        dw = StdArrays.array2dCopyOf((TFloat32) r.get(0));
      }
    }
    int bi = 0;
    int bj = 0;
    for (int i = 0; i < FEATURES; i++) {
      for (int j = 0; j < CLASSES; j++) {
        if (Math.abs(dw[i][j]) > Math.abs(dw[bi][bj])) {
          bi = i;
          bj = j;
        }
      }
    }
    float eps = 1e-2f;
    double numeric =
        (meanLoss(loss, shifted(bi, bj, eps)) - meanLoss(loss, shifted(bi, bj, -eps))) / (2 * eps);
    assertEquals(numeric, dw[bi][bj], 1e-2 * Math.abs(numeric),
        name + ": dL/dW[" + bi + "][" + bj + "]");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void theLossGraphHasNoSparseSoftmaxCrossEntropy(String name, DistillationLoss loss) {
    try (Graph g = new Graph()) {
      Model m = Model.build(g, loss, W);
      g.addGradients(m.meanLoss.asOutput(), new Output<?>[] {m.w.asOutput(), m.b.asOutput()});
      List<String> types = new ArrayList<>();
      for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
        types.add(it.next().type());
      }
      assertTrue(types.contains("LogSoftmax"), name + ": the graph is not the loss's: " + types);
      assertFalse(types.contains("SparseSoftmaxCrossEntropyWithLogits"), name);
      assertFalse(types.contains("SoftmaxCrossEntropyWithLogits"), name);
    }
  }

  private static void assertNoGradient(Session s, Output<?> grad, String name) {
    assertEquals(-1, grad.index(), name + ": expected addGradients' no-gradient marker");
    assertThrows(IllegalStateException.class, () -> grad.op().type(),
        name + ": the no-gradient marker has no operation");
    assertThrows(IllegalStateException.class, () -> s.runner().fetch(grad).run().close(),
        name + ": the no-gradient marker cannot be fetched");
  }

  private static void assertFiniteAndNonZero(float[][] values, String what) {
    boolean nonZero = false;
    for (float[] row : values) {
      for (float v : row) {
        assertTrue(Float.isFinite(v), what + " is " + v);
        nonZero |= Math.abs(v) > 1e-7f;
      }
    }
    assertTrue(nonZero, what + " is zero");
  }

  /** The student and teacher of the tests, built in one graph. */
  private record Model(
      Operand<TFloat32> w, Operand<TFloat32> b, Operand<TFloat32> teacherW,
      Operand<TFloat32> teacherB, Operand<TFloat32> meanLoss) {

    /** All weights are variables; the student's W starts at {@code w}. */
    static Model build(Graph g, DistillationLoss loss, float[][] w) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(X);
      Operand<TFloat32> sw = tf.variable(tf.constant(w));
      Operand<TFloat32> sb = tf.variable(tf.constant(B));
      Operand<TFloat32> tw = tf.variable(tf.constant(TEACHER_W));
      Operand<TFloat32> tb = tf.variable(tf.constant(TEACHER_B));
      Operand<TFloat32> student = tf.math.add(tf.linalg.matMul(x, sw), sb);
      Operand<TFloat32> teachers = tf.reshape(tf.math.add(tf.linalg.matMul(x, tw), tb),
          tf.constant(new int[] {BATCH, TEACHERS, CLASSES}));
      Operand<TInt32> labels = tf.constant(LABELS);
      Operand<TFloat32> perExample = loss.perExampleLoss(tf.withSubScope("loss"),
          new DistillationInputs(student, teachers, labels, CLASSES, TEACHERS));
      return new Model(sw, sb, tw, tb, tf.math.mean(perExample, tf.constant(0)));
    }
  }

  private static double meanLoss(DistillationLoss loss, float[][] w) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Model m = Model.build(g, loss, w);
      try (Result r = s.runner().fetch(m.meanLoss).run()) {
        return ((TFloat32) r.get(0)).getFloat();
      }
    }
  }

  private static float[][] shifted(int i, int j, float delta) {
    float[][] w = new float[FEATURES][];
    for (int r = 0; r < FEATURES; r++) {
      w[r] = W[r].clone();
    }
    w[i][j] += delta;
    return w;
  }

  /** Teacher logits computed in Java, to choose labels. */
  private static float[][][] teacherLogits() {
    float[][][] z = new float[BATCH][TEACHERS][CLASSES];
    for (int b = 0; b < BATCH; b++) {
      for (int k = 0; k < TEACHERS; k++) {
        for (int c = 0; c < CLASSES; c++) {
          int col = k * CLASSES + c;
          double v = TEACHER_B[col];
          for (int f = 0; f < FEATURES; f++) {
            v += X[b][f] * TEACHER_W[f][col];
          }
          z[b][k][c] = (float) v;
        }
      }
    }
    return z;
  }

  /** Examples 0-2 labeled as teacher 0-2 predicts; example 3 with a class no teacher predicts. */
  private static int[] labelsCoveringEveryCase() {
    float[][][] z = teacherLogits();
    int[] labels = new int[BATCH];
    for (int b = 0; b < BATCH - 1; b++) {
      labels[b] = Reference.argmax(LossFixtures.toDouble(z[b][b % TEACHERS]));
    }
    boolean[] predicted = new boolean[CLASSES];
    for (int k = 0; k < TEACHERS; k++) {
      predicted[Reference.argmax(LossFixtures.toDouble(z[BATCH - 1][k]))] = true;
    }
    for (int c = 0; c < CLASSES; c++) {
      if (!predicted[c]) {
        labels[BATCH - 1] = c;
      }
    }
    return labels;
  }

  private static float[][] matrix(Random random, int rows, int cols, double scale) {
    float[][] m = new float[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = (float) (scale * random.nextGaussian());
      }
    }
    return m;
  }
}
