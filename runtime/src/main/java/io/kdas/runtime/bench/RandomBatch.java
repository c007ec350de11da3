package io.kdas.runtime.bench;

import io.kdas.runtime.data.pipeline.Batch;
import java.util.SplittableRandom;

/** A batch of uniform random 32x32x3 images and labels, as the PyTorch peer trains on. */
final class RandomBatch {

  private RandomBatch() {}

  static Batch of(int batch, int classes) {
    SplittableRandom random = new SplittableRandom(1);
    float[] images = new float[batch * 32 * 32 * 3];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    int[] labels = random.ints(batch, 0, classes).toArray();
    return new Batch(new int[batch], new int[batch], images, labels, batch, new float[0]);
  }
}
