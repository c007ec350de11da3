package io.kdas.runtime.export;

import io.kdas.layers.GraphLayerContext;
import io.kdas.layers.VariableStore;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.train.Durable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes a SavedModel of an inference-only graph: the network with batch norm on its moving
 * statistics, restored from a training checkpoint, and a {@code serving_default} signature with
 * one image input and {@code logits} and {@code probabilities} outputs. The export appears
 * atomically: it is written next to its target and renamed into place.
 */
public final class SavedModelExporter {

  /** Signature key of the exported function. */
  public static final String SIGNATURE = "serving_default";

  private SavedModelExporter() {}

  /**
   * Exports the model whose variables are in {@code checkpointPrefix}.
   *
   * @param inputName the name of the image input (float32 [batch, height, width, 3] in [0, 1])
   * @throws IOException if the export cannot be written or the target already exists
   */
  public static void export(ModelDefinition model, Path checkpointPrefix, Path target,
      String inputName) throws IOException {
    if (Files.exists(target)) {
      throw new IOException("export target " + target + " already exists");
    }
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path staging = target.resolveSibling(target.getFileName() + ".partial");
    Durable.deleteTree(staging);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> images = tf.withName(inputName).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, model.height(), model.width(), 3)));
      Operand<TFloat32> logits = model.logits(
          GraphLayerContext.root(tf.withSubScope("model"), VariableStore.forRestore(graph),
              false), images);
      Operand<TFloat32> namedLogits = tf.withName("logits").identity(logits);
      Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(logits);
      try (Session session = new Session(graph)) {
        session.restore(checkpointPrefix.toString());
        SavedModelBundle.exporter(staging.toString())
            .withSession(session)
            .withSignature(Signature.builder().key(SIGNATURE)
                .input(inputName, images)
                .output("logits", namedLogits)
                .output("probabilities", probabilities)
                .build())
            .export();
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Durable.deleteTree(staging);
      throw e;
    }
  }
}
