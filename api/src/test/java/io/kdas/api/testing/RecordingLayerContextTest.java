package io.kdas.api.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.op.Initializer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** The test context behaves like the runtime's: reuse by name, batch norm in both modes. */
class RecordingLayerContextTest {

  @Test
  void variablesAreReusedByScopedNameAcrossScopesAndTowers() {
    try (Graph g = new Graph()) {
      RecordingLayerContext train = RecordingLayerContext.create(g, 1, true);
      Operand<TFloat32> w = train.scope("layer").variable("w", Shape.of(3, 3, 2, 4),
          Initializer.HE_NORMAL, true);
      assertSame(w, train.scope("layer").variable("w", Shape.of(3, 3, 2, 4),
          Initializer.HE_NORMAL, true));
      assertSame(w, train.tower("eval", false).scope("layer").variable("w",
          Shape.of(3, 3, 2, 4), Initializer.HE_NORMAL, true));
      assertNotEquals(w, train.variable("w", Shape.of(1), Initializer.ZEROS, false));
      assertEquals(List.of("layer/w", "w"), List.copyOf(train.variables().keySet()));
      assertEquals(3 * 3 * 2 * 4 + 1, train.trainableScalars());
      assertTrue(w.op().name().startsWith(RecordingLayerContext.VARIABLES + "/layer/w/"),
          w.op().name());
      assertThrows(IllegalStateException.class,
          () -> train.scope("layer").variable("w", Shape.of(2), Initializer.ZEROS, true));
    }
  }

  @Test
  void batchNormCreatesTrainableScaleAndOffsetAndMovingStatistics() {
    try (Graph g = new Graph()) {
      RecordingLayerContext train = RecordingLayerContext.create(g, 1, true);
      train.batchNorm("bn", train.tf().zeros(train.tf().constant(new int[] {2, 3, 3, 5}),
          TFloat32.class));
      assertEquals(List.of("bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"),
          List.copyOf(train.variables().keySet()));
      assertEquals(10, train.trainableScalars());
      assertEquals(10, train.stateScalars());
      assertEquals(2, train.updates().size());
      assertTrue(train.tower("eval", false).updates().size() == 2, "updates are shared");
    }
  }

  @Test
  void trainingUsesBatchStatisticsAndUpdatesTheMovingOnesInferenceUsesTheMovingOnes() {
    float[][][][] x = {{{{1f}, {3f}}}, {{{5f}, {7f}}}}; // [2, 1, 2, 1]: mean 4, variance 5
    try (Graph g = new Graph(); Session s = new Session(g)) {
      RecordingLayerContext train = RecordingLayerContext.create(g, 1, true);
      RecordingLayerContext eval = train.tower("eval", false);
      Operand<TFloat32> input = train.tf().constant(x);
      Operand<TFloat32> trained = train.batchNorm("bn", input);
      Operand<TFloat32> inferred = eval.batchNorm("bn", input);
      try (Result r = s.runner().fetch(trained).fetch(inferred).run()) {
        float[] t = OperationConformance.values((TFloat32) r.get(0));
        float[] i = OperationConformance.values((TFloat32) r.get(1));
        float sd = (float) Math.sqrt(5 + 1e-5);
        assertArrayEquals(new float[] {-3 / sd, -1 / sd, 1 / sd, 3 / sd}, t, 1e-5f);
        float one = (float) Math.sqrt(1 + 1e-5);
        assertArrayEquals(new float[] {1 / one, 3 / one, 5 / one, 7 / one}, i, 1e-5f);
      }
      Session.Runner update = s.runner();
      train.updates().forEach(update::addTarget);
      update.run().close();
      try (Result r = s.runner().fetch(train.stateVariables().get(0))
          .fetch(train.stateVariables().get(1)).run()) {
        assertEquals(0.4f, ((TFloat32) r.get(0)).getFloat(0), 1e-6f); // 0.9 * 0 + 0.1 * 4
        // 0.9 * 1 + 0.1 * (unbiased variance 20 / 3)
        assertEquals(0.9f + 2f / 3f, ((TFloat32) r.get(1)).getFloat(0), 1e-5f);
      }
    }
  }

  @Test
  void initialValuesAreSeeded() {
    float[] a = initialKernel(7);
    assertArrayEquals(a, initialKernel(7), 0f);
    assertFalse(java.util.Arrays.equals(a, initialKernel(8)));
  }

  private static float[] initialKernel(long seed) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Operand<TFloat32> w = RecordingLayerContext.create(g, seed, true)
          .variable("w", Shape.of(3, 3, 2, 2), Initializer.HE_NORMAL, true);
      try (Result r = s.runner().fetch(w).run()) {
        return OperationConformance.values((TFloat32) r.get(0));
      }
    }
  }
}
