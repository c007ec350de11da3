package io.kdas.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.op.Initializer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Reuse by name across scopes and towers, batch norm in both modes, seeded initial values. */
class GraphLayerContextTest {

  @Test
  void variablesAreReusedByScopedNameAcrossScopesAndTowers() {
    try (Graph g = new Graph()) {
      VariableStore store = VariableStore.seeded(g, 1);
      GraphLayerContext train = tower(g, store, "train", true);
      Operand<TFloat32> w = train.scope("layer").variable("w", Shape.of(3, 3, 2, 4),
          Initializer.HE_NORMAL, true);
      assertSame(w, train.scope("layer").variable("w", Shape.of(3, 3, 2, 4),
          Initializer.HE_NORMAL, true));
      assertSame(w, tower(g, store, "eval", false).scope("layer").variable("w",
          Shape.of(3, 3, 2, 4), Initializer.HE_NORMAL, true));
      assertNotEquals(w, train.variable("w", Shape.of(1), Initializer.ZEROS, false));
      assertEquals(List.of("layer/w", "w"), List.copyOf(store.all().keySet()));
      assertEquals(3 * 3 * 2 * 4 + 1, store.trainableScalars());
      assertTrue(w.op().name().startsWith("layer/w/"), w.op().name());
      assertTrue(store.holdsOp(w.op().name()));
      assertFalse(store.holdsOp("train/layer/w"), "an op of a tower is not the store's");
      assertThrows(IllegalStateException.class,
          () -> train.scope("layer").variable("w", Shape.of(2), Initializer.ZEROS, true));
    }
  }

  @Test
  void batchNormCreatesTrainableScaleAndOffsetAndMovingStatistics() {
    try (Graph g = new Graph()) {
      VariableStore store = VariableStore.seeded(g, 1);
      GraphLayerContext train = tower(g, store, "train", true);
      train.batchNorm("bn", train.tf().zeros(train.tf().constant(new int[] {2, 3, 3, 5}),
          TFloat32.class));
      assertEquals(List.of("bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"),
          List.copyOf(store.all().keySet()));
      assertEquals(10, store.trainableScalars());
      assertEquals(10, store.stateScalars());
      assertEquals(2, store.updates().size());
      tower(g, store, "eval", false).batchNorm("bn", train.tf().zeros(
          train.tf().constant(new int[] {2, 3, 3, 5}), TFloat32.class));
      assertEquals(2, store.updates().size(), "inference adds no updates");
    }
  }

  @Test
  void trainingUsesBatchStatisticsAndUpdatesTheMovingOnesInferenceUsesTheMovingOnes() {
    float[][][][] x = {{{{1f}, {3f}}}, {{{5f}, {7f}}}}; // [2, 1, 2, 1]: mean 4, variance 5
    try (Graph g = new Graph(); Session s = new Session(g)) {
      VariableStore store = VariableStore.seeded(g, 1);
      GraphLayerContext train = tower(g, store, "train", true);
      GraphLayerContext eval = tower(g, store, "eval", false);
      Operand<TFloat32> input = train.tf().constant(x);
      Operand<TFloat32> trained = train.batchNorm("bn", input);
      Operand<TFloat32> inferred = eval.batchNorm("bn", input);
      try (Result r = s.runner().fetch(trained).fetch(inferred).run()) {
        float sd = (float) Math.sqrt(5 + 1e-5);
        assertArrayEquals(new float[] {-3 / sd, -1 / sd, 1 / sd, 3 / sd},
            values((TFloat32) r.get(0)), 1e-5f);
        float one = (float) Math.sqrt(1 + 1e-5);
        assertArrayEquals(new float[] {1 / one, 3 / one, 5 / one, 7 / one},
            values((TFloat32) r.get(1)), 1e-5f);
      }
      Session.Runner update = s.runner();
      store.updates().forEach(update::addTarget);
      update.run().close();
      try (Result r = s.runner().fetch(store.all().get("bn/moving_mean"))
          .fetch(store.all().get("bn/moving_variance")).run()) {
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
    assertFalse(Arrays.equals(a, initialKernel(8)));
  }

  private static float[] initialKernel(long seed) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Operand<TFloat32> w = tower(g, VariableStore.seeded(g, seed), "train", true)
          .variable("w", Shape.of(3, 3, 2, 2), Initializer.HE_NORMAL, true);
      try (Result r = s.runner().fetch(w).run()) {
        return values((TFloat32) r.get(0));
      }
    }
  }

  /** A root context building its ops in the name scope {@code name}, as the runtime's towers. */
  private static GraphLayerContext tower(
      Graph g, VariableStore store, String name, boolean training) {
    return GraphLayerContext.root(Ops.create(g).withSubScope(name), store, training);
  }

  private static float[] values(TFloat32 t) {
    float[] v = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(v, false, false));
    return v;
  }
}
