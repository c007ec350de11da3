package io.kdas.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kdas.proto.DeviceSpec;
import io.kdas.runtime.TestModels;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.Batch;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.export.SavedModelExporter;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.spec.SpecDefaults;
import io.kdas.runtime.train.CpuFeatures;
import io.kdas.runtime.train.EpochMetrics;
import io.kdas.runtime.train.SessionConfig;
import io.kdas.runtime.train.Trainer;
import io.kdas.runtime.train.TrainingGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;

/**
 * BF16 precision on any CPU (emulated where it has no bfloat16 units): the graph computes in
 * bfloat16 (its logits move by bfloat16's rounding, not more), still learns, and exports a
 * float32 model that passes the export check. Runs in the oneDNN test JVM (runtime/pom.xml).
 */
@Tag("onednn")
class MixedPrecisionTest {

  private static final int EPOCHS = 6;

  @TempDir Path dir;

  private final Dataset data = TestModels.tinyData(5);
  private final ModelDefinition model = TestModels.tinyResNet(data);

  private static ConfigProto session(DeviceSpec.Precision precision) {
    // Two threads: oneDNN's single-threaded sessions corrupt the heap on AVX2 CPUs.
    return SessionConfig.of(SpecDefaults.fill(DeviceSpec.newBuilder().setIntraOpThreads(2)
        .setInterOpThreads(1).setPrecision(precision).build()));
  }

  private TrainingGraph graph(ConfigProto config, long seed) {
    return new TrainingGraph(model, TestModels.loss("cross-entropy", Map.of()),
        TestModels.training(EPOCHS, 32), 0, seed, config);
  }

  private List<EpochMetrics> train(TrainingGraph graph, int epochs, long seed) {
    return new Trainer(data.train(), data.test(), new ViewAugmenter(seed, 1 << 20, 1, true))
        .train("t", graph, TestModels.training(epochs, 32), seed, null, m -> { });
  }

  @Test
  void convolutionsRunInBfloat16WhileTheLossAndTheWeightUpdatesStayFloat32() {
    assumeTrue(CpuFeatures.ofThisMachine().oneDnn(),
        "bfloat16 on the CPU needs oneDNN (TF_ENABLE_ONEDNN_OPTS=0 is set)");
    List<NodeDef> nodes = new ArrayList<>();
    try (TrainingGraph mixed = graph(session(DeviceSpec.Precision.BF16), 3)) {
      Random random = new Random(3);
      float[] images = new float[32 * model.height() * model.width() * 3];
      for (int i = 0; i < images.length; i++) {
        images[i] = random.nextFloat();
      }
      int[] labels = random.ints(32, 0, data.classes()).toArray();
      Batch batch = new Batch(new int[32], new int[32], images, labels, 32, new float[0]);
      mixed.tracedStep(batch, null, 0.1f,
          m -> m.getPartitionGraphsList().forEach(g -> nodes.addAll(g.getNodeList())),
          new long[1]);
    }
    Map<String, DataType> types = new TreeMap<>();
    nodes.stream().filter(n -> n.containsAttr("T"))
        .forEach(n -> types.put(n.getName(), n.getAttrOrThrow("T").getType()));
    assertTrue(nodes.stream().anyMatch(n -> n.getName().startsWith("train/")
        && n.getOp().contains("Conv2D") && types.get(n.getName()) == DataType.DT_BFLOAT16),
        "the forward convolutions run in bfloat16: " + types);
    types.forEach((name, type) -> {
      if (name.startsWith("train/loss/") || name.startsWith("train/momentum/")) {
        assertEquals(DataType.DT_FLOAT, type, name + " stays float32");
      }
    });
    assertTrue(types.keySet().stream().anyMatch(n -> n.startsWith("train/loss/")), "" + types);
  }

  @Test
  void bfloat16ComputesInBfloat16LearnsAndExportsFloat32() throws Exception {
    assumeTrue(CpuFeatures.ofThisMachine().oneDnn(),
        "bfloat16 on the CPU needs oneDNN (TF_ENABLE_ONEDNN_OPTS=0 is set)");
    ConfigProto bf16 = session(DeviceSpec.Precision.BF16);
    assertTrue(SessionConfig.mixedPrecision(bf16));
    try (TrainingGraph exact = graph(session(DeviceSpec.Precision.FP32), 3);
        TrainingGraph mixed = graph(bf16, 3)) {
      // Same weights: float32 and bfloat16 logits differ by bfloat16's rounding only.
      float[] a = exact.predict(data.test(), 64);
      float[] b = mixed.predict(data.test(), 64);
      double scale = 0;
      double max = 0;
      for (int i = 0; i < a.length; i++) {
        scale = Math.max(scale, Math.abs(a[i]));
        max = Math.max(max, Math.abs(a[i] - b[i]));
      }
      assertTrue(max > 1e-5 * scale, "the session computes in bfloat16: " + max);
      assertTrue(max < 3e-2 * Math.max(1, scale), "bfloat16's rounding only: " + max + " of "
          + scale);

      List<EpochMetrics> history = train(mixed, EPOCHS, 3);
      EpochMetrics last = history.get(EPOCHS - 1);
      assertTrue(last.trainLoss() < history.get(0).trainLoss(), "" + history);
      EpochMetrics reference = train(exact, EPOCHS, 3).get(EPOCHS - 1);
      assertTrue(last.eval().top1() > 0.4 && last.eval().top1() >= reference.eval().top1() - 0.1,
          "learns like float32 (" + reference.eval() + "), well above chance (0.25): " + history);

      Path checkpoint = dir.resolve("ckpt/variables");
      mixed.saveCheckpoint(checkpoint);
      Path export = dir.resolve("export");
      SavedModelExporter.export(model, checkpoint, export, "image");
      double difference = ExportCheck.verify("student 'bf16'", mixed, export, data.test(),
          data.classes(), bf16);
      assertTrue(difference > 0, "the float32 export differs from the bfloat16 graph");
      try (SavedModelBundle served = SavedModelBundle.load(export.toString(), "serve")) {
        SignatureDef signature = served.metaGraphDef().getSignatureDefOrThrow("serving_default");
        assertEquals(DataType.DT_FLOAT, signature.getInputsOrThrow("image").getDtype());
        signature.getOutputsMap().values().forEach(o -> assertEquals(DataType.DT_FLOAT,
            o.getDtype(), "served in float32"));
      }
    }
  }
}
