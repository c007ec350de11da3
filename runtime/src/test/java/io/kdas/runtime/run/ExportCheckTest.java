package io.kdas.runtime.run;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.runtime.TestModels;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.export.SavedModelExporter;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.train.Trainer;
import io.kdas.runtime.train.TrainingGraph;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export check passes a faithful export and fails the run on one that computes otherwise. */
class ExportCheckTest {

  @TempDir Path dir;

  private final Dataset data = TestModels.tinyData(3);
  private final ModelDefinition model = TestModels.tinyResNet(data);

  private TrainingGraph trained(long seed) {
    TrainingGraph graph = new TrainingGraph(model, TestModels.loss("cross-entropy", Map.of()),
        TestModels.training(1, 32), 0, seed, TestModels.SINGLE_THREAD);
    new Trainer(data.train(), data.test(), new ViewAugmenter(1, 4, 1, true)).train("t", graph,
        TestModels.training(1, 32), seed, null, m -> { });
    return graph;
  }

  private Path export(TrainingGraph graph, String name) throws Exception {
    Path checkpoint = dir.resolve(name + "-ckpt/variables");
    graph.saveCheckpoint(checkpoint);
    Path export = dir.resolve(name);
    SavedModelExporter.export(model, checkpoint, export, "image");
    return export;
  }

  @Test
  void aFaithfulExportPassesAndAnotherModelsExportFails() throws Exception {
    try (TrainingGraph a = trained(1); TrainingGraph b = trained(2)) {
      Path exportA = export(a, "a");
      Path exportB = export(b, "b");
      double difference = ExportCheck.verify("student 'a'", a, exportA, data.test(),
          data.classes(), TestModels.SINGLE_THREAD);
      assertTrue(difference <= ExportCheck.tolerance(1), "difference " + difference);
      ExportMismatchException e = assertThrows(ExportMismatchException.class,
          () -> ExportCheck.verify("student 'a'", a, exportB, data.test(), data.classes(),
              TestModels.SINGLE_THREAD));
      assertTrue(e.getMessage().startsWith("student 'a': the exported SavedModel " + exportB
          + " does not give the trained model's logits: max |difference| "), e.getMessage());
    }
  }
}
