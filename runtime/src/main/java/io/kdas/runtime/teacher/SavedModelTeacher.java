package io.kdas.runtime.teacher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A teacher loaded from a SavedModel whose {@code serving_default} signature takes float32 images
 * [batch, height, width, 3] in [0, 1] and returns {@code logits} [batch, classes]. Runs in a
 * session of its own, outside every student's graph.
 */
public final class SavedModelTeacher implements AutoCloseable {

  private final String name;
  private final SavedModelBundle bundle;
  private final String input;
  private final String output;
  private final int classes;

  /**
   * Loads a teacher.
   *
   * @throws IllegalArgumentException naming the path if it is not a usable SavedModel
   */
  public SavedModelTeacher(String name, Path path, ConfigProto config) {
    if (!Files.isRegularFile(path.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException(
          "teacher " + name + ": " + path + " is not a SavedModel (no saved_model.pb)");
    }
    this.name = name;
    this.bundle = SavedModelBundle.loader(path.toString()).withConfigProto(config)
        .withTags("serve").load();
    Signature signature;
    try {
      signature = bundle.function("serving_default").signature();
    } catch (RuntimeException e) {
      bundle.close();
      throw new IllegalArgumentException(
          "teacher " + name + ": " + path + " has no serving_default signature");
    }
    Map<String, Signature.TensorDescription> inputs = signature.getInputs();
    Map<String, Signature.TensorDescription> outputs = signature.getOutputs();
    if (inputs.size() != 1 || !(outputs.containsKey("logits") || outputs.size() == 1)) {
      bundle.close();
      throw new IllegalArgumentException("teacher " + name + ": " + path
          + " must have one image input and a 'logits' output, has inputs " + inputs.keySet()
          + " and outputs " + outputs.keySet());
    }
    this.input = inputs.values().iterator().next().name;
    Signature.TensorDescription logits = outputs.containsKey("logits") ? outputs.get("logits")
        : outputs.values().iterator().next();
    this.output = logits.name;
    this.classes = (int) logits.shape.get(logits.shape.numDimensions() - 1);
  }

  public String name() {
    return name;
  }

  public int classes() {
    return classes;
  }

  /**
   * Computes logits of {@code count} images (float HWC in [0, 1], back to back) into {@code out}
   * [count, classes] from {@code outOffset}.
   */
  public void logits(float[] images, int count, int height, int width, float[] out,
      int outOffset) {
    Shape shape = Shape.of(count, height, width, 3);
    try (TFloat32 x = TFloat32.tensorOf(shape,
            DataBuffers.of(images, true, false).narrow(shape.size()));
        Result r = bundle.session().runner().feed(input, x).fetch(output).run()) {
      ((TFloat32) r.get(0)).copyTo(
          DataBuffers.of(out, false, false).offset(outOffset).narrow((long) count * classes));
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
