package io.kdas.runtime.run;

import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.Subsets;
import io.kdas.runtime.teacher.SavedModelTeacher;
import io.kdas.runtime.train.TrainingGraph;
import java.nio.file.Path;
import org.tensorflow.proto.ConfigProto;

/**
 * Reloads an export in a fresh SavedModelBundle and compares its logits with the trained graph's
 * on test images: the export is what gets served, so it must be the model that was measured.
 */
final class ExportCheck {

  private static final int IMAGES = 256;

  private ExportCheck() {}

  /** The largest absolute logit difference on up to 256 test images. */
  static double maxDifference(TrainingGraph graph, Path export, ImageSplit test, int classes,
      ConfigProto session) {
    ImageSplit sample = Subsets.classBalanced(test, Math.min(IMAGES, test.size()), classes, 0);
    float[] expected = graph.predict(sample, IMAGES);
    float[] actual = new float[expected.length];
    float[] images = new float[sample.size() * sample.pixelsPerImage()];
    for (int i = 0; i < sample.size(); i++) {
      io.kdas.runtime.data.ViewAugmenter.renderPlain(sample, i, images,
          i * sample.pixelsPerImage());
    }
    try (SavedModelTeacher reloaded = new SavedModelTeacher("export", export, session)) {
      reloaded.logits(images, sample.size(), sample.height(), sample.width(), actual, 0);
    }
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    return max;
  }
}
