package io.kdas.runtime.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.PluginRegistry;
import io.kdas.api.op.OperationCost;
import io.kdas.layers.GraphLayerContext;
import io.kdas.layers.VariableStore;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import io.kdas.proto.SearchSpec;
import io.kdas.runtime.TestModels;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.model.Architectures;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.spec.SpecDefaults;
import io.kdas.runtime.train.TrainingGraph;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Add-on layers built into the backbone: cost accounting, weight sharing, selection. */
class AddOnModelTest {

  private final PluginRegistry registry = PluginRegistry.fromClassPath();
  private final Dataset data = TestModels.tinyData(8);
  private final ModelDefinition base = TestModels.tinyResNet(data);
  private final SearchPlan plan =
      SearchPlan.of(SpecDefaults.fill(SearchSpec.getDefaultInstance()), base.spec(), registry);

  @Test
  void defaultSpaceIsThePapersSevenOpsAtThreePositions() {
    var space = plan.space();
    assertEquals(3, space.layers());
    assertEquals(OperationCatalog.PAPER_OPERATIONS, space.operations());
    assertEquals(2, space.connections());
    assertEquals(new java.math.BigInteger("21952"), space.size()); // 2^6 * 7^3
  }

  @Test
  void childCostMatchesTheVariablesItBuilds() {
    SplittableRandom random = new SplittableRandom(2);
    for (int trial = 0; trial < 12; trial++) {
      Architecture a = randomChild(random);
      ModelDefinition child = plan.child(base, a);
      OperationCost cost = child.cost();
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        VariableStore store = VariableStore.seeded(g, 1);
        var images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
        child.logits(GraphLayerContext.root(tf, store, true), images);
        assertEquals(cost.parameters(), store.trainableScalars(), Architectures.describe(a));
        assertEquals(cost.parameters() + cost.stateScalars(), store.allScalars(),
            Architectures.describe(a));
      }
    }
  }

  @Test
  void sharedModelHoldsEveryCandidateAndSelectsChildren() {
    ModelDefinition shared = plan.shared(base);
    try (TrainingGraph g = new TrainingGraph(shared, TestModels.loss("cross-entropy", Map.of()),
        TestModels.training(1, 32), 0, 1, TestModels.SINGLE_THREAD)) {
      assertEquals(shared.cost().parameters(), g.variables().trainableScalars());
      Architecture a = randomChild(new SplittableRandom(5));
      Architecture b = randomChild(new SplittableRandom(6));
      g.select(a);
      float[] first = g.predict(data.test(), 64);
      g.select(b);
      float[] second = g.predict(data.test(), 64);
      g.select(a);
      float[] again = g.predict(data.test(), 64);
      assertTrue(!java.util.Arrays.equals(first, second), "another child computes otherwise");
      assertTrue(java.util.Arrays.equals(first, again), "selection is all that changes");
    }
  }

  @Test
  void backboneWithoutAddOnsIsUnchanged() {
    assertEquals(base.cost(), plan.child(base, Architecture.newBuilder()
        .addLayer(zero()).addLayer(zero()).addLayer(zero()).build()).withAddOns(
            io.kdas.runtime.model.AddOns.NONE).cost());
  }

  private static AddOnLayer zero() {
    return AddOnLayer.newBuilder().setOperation("identity").addConnection(false)
        .addConnection(false).build();
  }

  private Architecture randomChild(SplittableRandom random) {
    Architecture.Builder b = Architecture.newBuilder();
    var space = plan.space();
    for (int j = 0; j < space.layers(); j++) {
      AddOnLayer.Builder l = b.addLayerBuilder()
          .setOperation(space.operations().get(random.nextInt(space.operations().size())));
      for (int i = 0; i < space.connections(); i++) {
        l.addConnection(random.nextBoolean());
      }
    }
    return b.build();
  }
}
