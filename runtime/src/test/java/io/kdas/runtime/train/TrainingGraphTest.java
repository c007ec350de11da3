package io.kdas.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.runtime.TestModels;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.model.ModelDefinition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

class TrainingGraphTest {

  private final Dataset data = TestModels.tinyData(11);
  private final ModelDefinition model = TestModels.tinyResNet(data);

  @Test
  void crossEntropyTrainingLearnsTheTask() {
    List<EpochMetrics> history = train("cross-entropy", 6, 21);
    EpochMetrics first = history.get(0);
    EpochMetrics last = history.get(history.size() - 1);
    assertTrue(last.trainLoss() < first.trainLoss(), "loss fell: " + history);
    assertTrue(last.eval().top1() > 0.5, "well above the 0.25 of chance: " + last.eval());
  }

  @Test
  void sameSeedGivesTheSameRunTwice() {
    List<EpochMetrics> a = train("cross-entropy", 2, 5);
    List<EpochMetrics> b = train("cross-entropy", 2, 5);
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss(), 0.0);
      assertEquals(a.get(i).eval().top1(), b.get(i).eval().top1(), 0.0);
    }
    List<EpochMetrics> c = train("cross-entropy", 2, 6);
    assertTrue(a.get(0).trainLoss() != c.get(0).trainLoss(), "another seed differs");
  }

  @Test
  void studentGraphHoldsNoTeacherAndTrainsEveryVariable() {
    try (TrainingGraph graph = new TrainingGraph(model, TestModels.loss("oracle-kd", Map.of()),
        TestModels.training(1, 32), 3, 1, TestModels.SINGLE_THREAD)) {
      List<String> variables = new ArrayList<>();
      Iterator<GraphOperation> ops = graph.graph().operations();
      while (ops.hasNext()) {
        GraphOperation op = ops.next();
        if (op.type().equals("VariableV2")) {
          variables.add(op.name());
        }
        assertTrue(!op.name().toLowerCase().contains("teacher") || op.name().equals(
            "teacher_logits") || op.name().startsWith("train/loss"),
            "only the teacher-logits placeholder and the loss read teachers: " + op.name());
      }
      long trainable = graph.variables().trainable().size();
      // every trainable variable has a momentum slot, i.e. an update from its own gradient
      long slots = variables.stream().filter(n -> n.contains("/momentum/")).count();
      assertEquals(trainable, slots);
      assertTrue(trainable > 10);
    }
  }

  @Test
  void weightsChangeOnlyThroughTraining() {
    try (TrainingGraph graph = new TrainingGraph(model, TestModels.loss("cross-entropy",
        Map.of()), TestModels.training(1, 32), 0, 1, TestModels.SINGLE_THREAD)) {
      float[] before = graph.predict(data.test(), 64);
      assertArrayEquals(before, graph.predict(data.test(), 64), "evaluation changes nothing");
      new Trainer(data.train(), data.test(), new ViewAugmenter(1, 2, 1, true)).train("s", graph,
          TestModels.training(1, 32), 1, null, m -> { });
      float[] after = graph.predict(data.test(), 64);
      assertTrue(!java.util.Arrays.equals(before, after), "training moved the weights");
    }
  }

  @Test
  void float16LossScalingChangesNoUpdate() {
    // The GPU's float16 rewrite; TensorFlow skips it in a CPU-only session, which leaves the
    // loss scaling it brings to compare with plain float32 training.
    ConfigProto.Builder b = TestModels.SINGLE_THREAD.toBuilder();
    b.getGraphOptionsBuilder().getRewriteOptionsBuilder()
        .setAutoMixedPrecision(RewriterConfig.Toggle.ON);
    ConfigProto float16 = b.build();
    assertEquals(TrainingGraph.FLOAT16_LOSS_SCALE, TrainingGraph.lossScale(float16));
    assertEquals(1f, TrainingGraph.lossScale(TestModels.SINGLE_THREAD));
    try (TrainingGraph plain = new TrainingGraph(model, TestModels.loss("cross-entropy",
            Map.of()), TestModels.training(1, 32), 0, 4, TestModels.SINGLE_THREAD);
        TrainingGraph scaled = new TrainingGraph(model, TestModels.loss("cross-entropy",
            Map.of()), TestModels.training(1, 32), 0, 4, float16)) {
      assertNull(plain.graph().operation("train/loss_scale/Mul"));
      assertNotNull(scaled.graph().operation("train/loss_scale/Mul"), "the loss is scaled");
      for (TrainingGraph g : List.of(plain, scaled)) {
        new Trainer(data.train(), data.test(), new ViewAugmenter(4, 1 << 20, 1, true))
            .train("t", g, TestModels.training(1, 32), 4, null, m -> { });
      }
      // Scaling by a power of two and back is exact in float32: the same weights, bit for bit.
      assertArrayEquals(plain.predict(data.test(), 64), scaled.predict(data.test(), 64));
    }
  }

  private List<EpochMetrics> train(String loss, int epochs, long seed) {
    try (TrainingGraph graph = new TrainingGraph(model, TestModels.loss(loss, Map.of()),
        TestModels.training(epochs, 32), 0, seed, TestModels.SINGLE_THREAD)) {
      return new Trainer(data.train(), data.test(), new ViewAugmenter(seed, 1 << 20, 1, true))
          .train("t", graph, TestModels.training(epochs, 32), seed, null, m -> { });
    }
  }
}
