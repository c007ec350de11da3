package io.kdas.runtime.run;

import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.Subsets;
import io.kdas.runtime.teacher.SavedModelTeacher;
import io.kdas.runtime.train.SessionConfig;
import io.kdas.runtime.train.TrainingGraph;
import java.nio.file.Path;
import org.tensorflow.proto.ConfigProto;

/**
 * Reloads an export in a fresh SavedModelBundle and compares its logits with the trained graph's
 * on test images: the export is what gets served, so it must be the model that was measured.
 */
final class ExportCheck {

  private static final int IMAGES = 256;

  /**
   * The largest difference allowed, relative to the largest logit (at least 1). Why 1e-3: the
   * export runs the same float32 ops on the same weights, and only the order of floating-point
   * sums may differ (grappler may fold batch norm into convolutions differently in the two
   * graphs), which moves a logit by about 1e-6 relative per reduction and stays below 1e-4 on
   * these networks. A real mismatch (training-mode batch norm, a missed normalization, other
   * weights) moves logits by 1e-1 or more. 1e-3 sits between the two with margin on both sides.
   */
  static final double RELATIVE_TOLERANCE = 1e-3;

  /**
   * The same for a model trained in mixed precision, whose export serves float32: the trained
   * graph's logits carry bfloat16's rounding (8 significant bits, 4e-3 relative per op), which
   * adds up over a network's layers to about 1e-2 of the largest logit (measured on the test
   * models and the quickstart's students: see docs/PRECISION.md); a real mismatch still moves
   * logits by far more.
   */
  static final double MIXED_PRECISION_RELATIVE_TOLERANCE = 5e-2;

  private ExportCheck() {}

  /** The difference allowed for logits whose largest magnitude is {@code scale}. */
  static double tolerance(double scale) {
    return tolerance(scale, false);
  }

  static double tolerance(double scale, boolean mixedPrecision) {
    return (mixedPrecision ? MIXED_PRECISION_RELATIVE_TOLERANCE : RELATIVE_TOLERANCE)
        * Math.max(1, scale);
  }

  /**
   * Checks an export, served in float32, against the trained graph; returns the largest
   * difference.
   *
   * @param session the trained graph's session options (its precision sets the tolerance)
   * @throws ExportMismatchException naming the model when the difference exceeds the tolerance
   */
  static double verify(String model, TrainingGraph graph, Path export, ImageSplit test,
      int classes, ConfigProto session) {
    ImageSplit sample = Subsets.classBalanced(test, Math.min(IMAGES, test.size()), classes, 0);
    float[] expected = graph.predict(sample, IMAGES);
    float[] actual = reloaded(export, sample, expected.length, SessionConfig.float32(session));
    boolean mixed = SessionConfig.mixedPrecision(session);
    double max = 0;
    double scale = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    if (!(max <= tolerance(scale, mixed))) { // also refuses NaN
      throw new ExportMismatchException(String.format("%s: the exported SavedModel %s does not "
          + "give the trained model's logits: max |difference| %.3g over %d test images, "
          + "allowed %.3g (%.0e of the largest logit, %.3g)", model, export, max, sample.size(),
          tolerance(scale, mixed),
          mixed ? MIXED_PRECISION_RELATIVE_TOLERANCE : RELATIVE_TOLERANCE, scale));
    }
    return max;
  }

  private static float[] reloaded(Path export, ImageSplit sample, int length,
      ConfigProto session) {
    float[] actual = new float[length];
    float[] images = new float[sample.size() * sample.pixelsPerImage()];
    for (int i = 0; i < sample.size(); i++) {
      io.kdas.runtime.data.pipeline.ViewAugmenter.renderPlain(sample, i, images,
          i * sample.pixelsPerImage());
    }
    try (SavedModelTeacher reloaded = new SavedModelTeacher("export", export, session)) {
      reloaded.logits(images, sample.size(), sample.height(), sample.width(), actual, 0);
    }
    return actual;
  }
}
