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
import io.kdas.runtime.data.pipeline.Batch;
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
  void aSharedStepTrainsExactlyTheSelectedChild() {
    // Same seed, same variable names: the shared model starts from the child's weights. Routed
    // to the selected candidates, every step must then compute the child's loss, and the
    // updates must land on the child's weights only: the third step's loss depends on both.
    SplittableRandom random = new SplittableRandom(9);
    var loss = TestModels.loss("cross-entropy", Map.of());
    var training = TestModels.training(1, 16);
    for (int trial = 0; trial < 3; trial++) {
      Architecture a = randomChild(random);
      try (TrainingGraph shared = new TrainingGraph(plan.shared(base), loss, training, 0, 1,
              TestModels.SINGLE_THREAD);
          TrainingGraph child = new TrainingGraph(plan.child(base, a), loss, training, 0, 1,
              TestModels.SINGLE_THREAD)) {
        shared.select(a);
        for (int step = 0; step < 3; step++) {
          Batch batch = randomBatch(random, 16);
          float[] expected = child.step(batch, null, 0.1f);
          float[] actual = shared.step(batch, null, 0.1f);
          assertEquals(expected[0], actual[0], 1e-5 * Math.abs(expected[0]),
              Architectures.describe(a) + " step " + step);
          assertEquals(expected[1], actual[1], Architectures.describe(a) + " step " + step);
        }
      }
    }
  }

  @Test
  void candidatesKeepFiniteWeightsWhileOthersAreSelected() {
    // Every candidate trains, then waits unselected while the others train, then trains again:
    // an unselected candidate's gradient must be exactly zero, never garbage (TensorFlow leaves
    // some filter gradients uninitialized on an empty batch).
    SplittableRandom random = new SplittableRandom(4);
    try (TrainingGraph shared = new TrainingGraph(plan.shared(base),
        TestModels.loss("cross-entropy", Map.of()), TestModels.training(1, 16), 0, 1,
        TestModels.SINGLE_THREAD)) {
      for (int round = 0; round < 2; round++) {
        for (String op : plan.space().operations()) {
          Architecture.Builder a = Architecture.newBuilder();
          for (int j = 0; j < plan.space().layers(); j++) {
            a.addLayer(AddOnLayer.newBuilder().setOperation(op).addConnection(true)
                .addConnection(true));
          }
          shared.select(a.build());
          float loss = shared.step(randomBatch(random, 16), null, 0.05f)[0];
          assertTrue(Float.isFinite(loss) && loss < 10, op + " round " + round + ": " + loss);
        }
      }
    }
  }

  private Batch randomBatch(SplittableRandom random, int size) {
    float[] images = new float[size * base.height() * base.width() * 3];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    int[] labels = random.ints(size, 0, base.classes()).toArray();
    return new Batch(new int[size], new int[size], images, labels, size, new float[0]);
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
