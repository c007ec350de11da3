package io.kdas.runtime.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.runtime.TestModels;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.train.Trainer;
import io.kdas.runtime.train.TrainingGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class SavedModelExportTest {

  @TempDir Path dir;

  @Test
  void reloadedExportPredictsLikeTheTrainedGraph() throws IOException {
    Dataset data = TestModels.tinyData(3);
    ModelDefinition model = TestModels.tinyResNet(data);
    Path export = dir.resolve("export");
    float[] expected;
    try (TrainingGraph graph = new TrainingGraph(model, TestModels.loss("cross-entropy",
        Map.of()), TestModels.training(2, 32), 0, 5, TestModels.SINGLE_THREAD)) {
      // Train so that the batch-norm moving statistics differ from their initial values.
      new Trainer(data.train(), data.test(), new ViewAugmenter(1, 4, 1, true)).train("t", graph,
          TestModels.training(2, 32), 1, null, m -> { });
      expected = graph.predict(data.test(), 50);
      Path checkpoint = dir.resolve("ckpt/variables");
      graph.saveCheckpoint(checkpoint);
      SavedModelExporter.export(model, checkpoint, export, "image");
    }
    assertTrue(Files.isRegularFile(export.resolve("saved_model.pb")));
    assertFalse(Files.exists(dir.resolve("export.partial")), "staging directory left behind");

    int n = data.test().size();
    float[] images = new float[n * data.test().pixelsPerImage()];
    for (int i = 0; i < n; i++) {
      ViewAugmenter.renderPlain(data.test(), i, images, i * data.test().pixelsPerImage());
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve")) {
      Signature signature = bundle.function("serving_default").signature();
      assertEquals(java.util.Set.of("image"), signature.inputNames());
      assertEquals(java.util.Set.of("logits", "probabilities"), signature.outputNames());
      try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, 8, 8, 3), DataBuffers.of(images));
          Result r = bundle.call(Map.of("image", x))) {
        TFloat32 logits = (TFloat32) r.get("logits").orElseThrow();
        TFloat32 probabilities = (TFloat32) r.get("probabilities").orElseThrow();
        for (int i = 0; i < n; i++) {
          double sum = 0;
          for (int c = 0; c < data.classes(); c++) {
            assertEquals(expected[i * data.classes() + c], logits.getFloat(i, c), 1e-5,
                "logit of image " + i + " class " + c);
            sum += probabilities.getFloat(i, c);
          }
          assertEquals(1.0, sum, 1e-5);
        }
      }
    }
  }

  @Test
  void refusesToOverwriteAnExistingExport() throws IOException {
    Files.createDirectories(dir.resolve("taken"));
    Dataset data = TestModels.tinyData(3);
    assertThrows(IOException.class, () -> SavedModelExporter.export(
        TestModels.tinyResNet(data), dir.resolve("none"), dir.resolve("taken"), "image"));
  }
}
