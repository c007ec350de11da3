package io.kdas.runtime.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.PluginRegistry;
import io.kdas.layers.GraphLayerContext;
import io.kdas.layers.VariableStore;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import io.kdas.proto.SearchSpec;
import io.kdas.runtime.TestModels;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.spec.SpecDefaults;
import java.math.BigInteger;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Every decision of the search space changes the network: connections that reach before the
 * first add-on layer read the backbone's earlier outputs instead of being ignored, and where a
 * spec leaves a decision dead anyway, the space says so and canonical forms merge the encodings.
 */
class LiveDecisionsTest {

  private final PluginRegistry registry = PluginRegistry.fromClassPath();
  private final Dataset data = TestModels.tinyData(8);
  private final ModelDefinition base = TestModels.tinyResNet(data);

  private SearchPlan plan(int connections) {
    return SearchPlan.of(SpecDefaults.fill(SearchSpec.newBuilder().setConnections(connections)
        .build()), base.spec(), registry);
  }

  @Test
  void everyConnectionBitOfTheDefaultSpaceChangesTheBuiltGraph() {
    SearchPlan plan = plan(2);
    assertEquals(plan.space().size(), plan.distinctNetworks(), "2^6 * 7^3 distinct networks");
    Architecture none = uniform(3, 2);
    String without = graphOf(plan, none);
    for (int j = 0; j < 3; j++) {
      for (int i = 1; i <= 2; i++) {
        Architecture one = none.toBuilder()
            .setLayer(j, none.getLayer(j).toBuilder().setConnection(i - 1, true)).build();
        assertTrue(plan.live(j, i), "layer " + j + " connection " + i);
        assertNotEquals(without, graphOf(plan, one),
            "connection " + i + " of layer " + (j + 1) + " must change the network");
        assertNotEquals(none, plan.canonical(one));
      }
    }
  }

  @Test
  void theFirstLayersConnectionsReadTheStemAndTheImage() {
    SearchPlan plan = plan(2);
    Architecture stem = uniform(3, 2).toBuilder()
        .setLayer(0, AddOnLayer.newBuilder().setOperation("identity").addConnection(true)
            .addConnection(false)).build();
    Architecture image = uniform(3, 2).toBuilder()
        .setLayer(0, AddOnLayer.newBuilder().setOperation("identity").addConnection(false)
            .addConnection(true)).build();
    // Same shape as the stem (identity adapter, no variables); the image has 3 channels and
    // needs a 1x1 projection: 3 * 4 kernel weights plus batch norm.
    assertEquals(0, plan.cost(base, stem).parameters() - base.cost().parameters());
    assertEquals(3 * 4 + 2 * 4, plan.cost(base, image).parameters() - base.cost().parameters());
  }

  @Test
  void deadDecisionsAreCountedAndCanonicalized() {
    // Four connections on a first layer right after the first block: only the stem and the
    // image lie before it, so its connections 3 and 4 (and layer 2's fourth) reach nothing.
    SearchPlan plan = plan(4);
    assertEquals(BigInteger.TWO.pow(12).multiply(BigInteger.valueOf(343)), plan.space().size());
    assertEquals(BigInteger.TWO.pow(9).multiply(BigInteger.valueOf(343)),
        plan.distinctNetworks());
    Architecture a = uniform(3, 4);
    Architecture dead = a.toBuilder()
        .setLayer(0, a.getLayer(0).toBuilder().setConnection(2, true).setConnection(3, true))
        .setLayer(1, a.getLayer(1).toBuilder().setConnection(3, true)).build();
    assertEquals(plan.canonical(a), plan.canonical(dead), "same network, one canonical form");
    assertEquals(graphOf(plan, a), graphOf(plan, dead));
    Architecture live = a.toBuilder()
        .setLayer(1, a.getLayer(1).toBuilder().setConnection(2, true)).build();
    assertNotEquals(plan.canonical(a), plan.canonical(live));
    assertNotEquals(graphOf(plan, a), graphOf(plan, live));
  }

  private static Architecture uniform(int layers, int connections) {
    Architecture.Builder b = Architecture.newBuilder();
    for (int j = 0; j < layers; j++) {
      AddOnLayer.Builder l = b.addLayerBuilder().setOperation("identity");
      for (int i = 0; i < connections; i++) {
        l.addConnection(false);
      }
    }
    return b.build();
  }

  /** The built graph's operations (type and inputs), as text: equal iff the networks match. */
  private String graphOf(SearchPlan plan, Architecture a) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      plan.child(base, a).logits(GraphLayerContext.root(tf, VariableStore.seeded(g, 1), false),
          images);
      StringBuilder b = new StringBuilder();
      for (Iterator<org.tensorflow.GraphOperation> it = g.operations(); it.hasNext(); ) {
        var op = it.next();
        b.append(op.type()).append('(');
        for (int k = 0; k < op.numInputs(); k++) {
          b.append(op.input(k).op().name()).append(',');
        }
        b.append(")\n");
      }
      return b.toString();
    }
  }
}
