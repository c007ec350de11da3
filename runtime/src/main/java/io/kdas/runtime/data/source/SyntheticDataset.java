package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates a small, learnable image classification problem from a seed, so that tests,
 * benchmarks and smoke runs work without any download.
 *
 * <p>The problem is built to behave like a miniature CIFAR for distillation purposes: it must be
 * learnable (a convolutional network beats chance by far), but not trivially separable, so that
 * independently trained teachers disagree on some examples and an oracle teacher selection has
 * something to choose. Each class has a smooth prototype (two colors from a palette shared by all
 * classes, blended by a few random 2-D sinusoids and Gaussian blobs, all periodic so that shifts
 * wrap seamlessly); sharing colors keeps color alone from giving the class away. An example is its
 * class prototype, randomly shifted by up to 1/4 of the image and possibly mirrored, blended with
 * a weaker (weight 0 to 1/2), separately shifted prototype of another class, so that some examples
 * are genuinely ambiguous, rescaled in contrast, brightness and per-channel gain, plus Gaussian
 * pixel noise. At 10 classes, 5,000 examples of 32x32 and noise 0.25, a nearest-class-mean
 * classifier reaches about 47% test accuracy and a linear softmax classifier about 70%; the
 * shifts and blends leave room for a convolutional network above that, but not 100%.
 *
 * <p>Everything is a pure function of the arguments: the same seed gives the same bytes.
 */
public final class SyntheticDataset {

  private static final int SINUSOIDS = 3;
  private static final int BLOBS = 2;
  /** The own prototype's blend weight is uniform in [MIN_OWN_WEIGHT, 1]. */
  private static final float MIN_OWN_WEIGHT = 0.5f;

  private SyntheticDataset() {}

  /**
   * Generates a data set.
   *
   * @param classes number of classes, at least 2
   * @param trainExamples number of training examples (labels balanced, then shuffled)
   * @param testExamples number of test examples
   * @param imageSize height and width of the square images, at least 4
   * @param noise standard deviation of the Gaussian pixel noise, on the [0, 1] pixel scale
   * @param seed the seed; every byte of the result depends on it and the other arguments only
   * @return the data set, with classes named {@code class0}, {@code class1}, ...
   */
  public static Dataset generate(
      int classes, int trainExamples, int testExamples, int imageSize, float noise, long seed) {
    if (classes < 2) {
      throw new DataException("synthetic data needs at least 2 classes, got " + classes);
    }
    if (trainExamples < 1 || testExamples < 1) {
      throw new DataException(
          "synthetic data needs at least 1 train and 1 test example, got train="
              + trainExamples + ", test=" + testExamples);
    }
    if (imageSize < 4) {
      throw new DataException("synthetic image size must be at least 4, got " + imageSize);
    }
    if (!(noise >= 0f) || Float.isInfinite(noise)) {
      throw new DataException("synthetic noise must be a finite value >= 0, got " + noise);
    }
    SplittableRandom master = new SplittableRandom(seed);
    float[][] prototypes = new float[classes][];
    SplittableRandom prototypeRandom = master.split();
    float[][] palette = new float[Math.max(3, classes / 2)][];
    for (int p = 0; p < palette.length; p++) {
      palette[p] = randomColor(prototypeRandom);
    }
    for (int k = 0; k < classes; k++) {
      prototypes[k] = prototype(prototypeRandom, imageSize, palette);
    }
    ImageSplit train = split(prototypes, trainExamples, imageSize, noise, master.split());
    ImageSplit test = split(prototypes, testExamples, imageSize, noise, master.split());
    List<String> names = new ArrayList<>(classes);
    for (int k = 0; k < classes; k++) {
      names.add("class" + k);
    }
    String identity =
        String.format(
            Locale.ROOT,
            "synthetic(classes=%d,train=%d,test=%d,size=%d,noise=%s,seed=%d)",
            classes, trainExamples, testExamples, imageSize, Float.toString(noise), seed);
    return new Dataset(identity, names, train, test);
  }

  /**
   * A smooth HWC prototype in [0, 1]: a palette of two colors, blended by a pattern field, plus a
   * weak per-channel texture so that channels are not perfectly correlated.
   */
  private static float[] prototype(SplittableRandom random, int size, float[][] palette) {
    float[] field = new float[size * size];
    double twoPi = 2 * Math.PI;
    for (int s = 0; s < SINUSOIDS; s++) {
      int fx = random.nextInt(-3, 4);
      int fy = random.nextInt(fx == 0 ? 1 : -3, 4);
      double phase = random.nextDouble(twoPi);
      double amplitude = random.nextDouble(0.5, 1.0);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          field[y * size + x] +=
              (float) (amplitude * Math.sin(twoPi * (fx * x + fy * y) / size + phase));
        }
      }
    }
    double scale = size / 32.0;
    for (int b = 0; b < BLOBS; b++) {
      double cx = random.nextDouble(size);
      double cy = random.nextDouble(size);
      double sigma = random.nextDouble(2.0, 5.0) * scale;
      double amplitude = random.nextDouble(1.0, 2.0) * (random.nextBoolean() ? 1 : -1);
      for (int y = 0; y < size; y++) {
        double ddy = wrappedDistance(y, cy, size);
        for (int x = 0; x < size; x++) {
          double ddx = wrappedDistance(x, cx, size);
          field[y * size + x] +=
              (float) (amplitude * Math.exp(-(ddx * ddx + ddy * ddy) / (2 * sigma * sigma)));
        }
      }
    }
    normalize(field);
    int lowIndex = random.nextInt(palette.length);
    float[] low = palette[lowIndex];
    float[] high = palette[(lowIndex + random.nextInt(1, palette.length)) % palette.length];
    float[] prototype = new float[size * size * 3];
    for (int c = 0; c < 3; c++) {
      int fx = random.nextInt(1, 4);
      int fy = random.nextInt(0, 4);
      double phase = random.nextDouble(twoPi);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          float f = field[y * size + x];
          float texture = (float) (0.1 * Math.sin(twoPi * (fx * x + fy * y) / size + phase));
          prototype[(y * size + x) * 3 + c] = low[c] + (high[c] - low[c]) * f + texture;
        }
      }
    }
    return prototype;
  }

  private static double wrappedDistance(int a, double b, int size) {
    double d = Math.abs(a - b);
    return Math.min(d, size - d);
  }

  private static void normalize(float[] field) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : field) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float range = Math.max(max - min, 1e-6f);
    for (int i = 0; i < field.length; i++) {
      field[i] = (field[i] - min) / range;
    }
  }

  private static float[] randomColor(SplittableRandom random) {
    return new float[] {
      (float) random.nextDouble(0.1, 0.9),
      (float) random.nextDouble(0.1, 0.9),
      (float) random.nextDouble(0.1, 0.9)
    };
  }

  private static ImageSplit split(
      float[][] prototypes, int count, int size, float noise, SplittableRandom random) {
    int classes = prototypes.length;
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % classes;
    }
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = labels[i];
      labels[i] = labels[j];
      labels[j] = t;
    }
    int perImage = size * size * 3;
    byte[] pixels = new byte[count * perImage];
    int maxShift = Math.max(1, size / 4);
    for (int i = 0; i < count; i++) {
      int own = labels[i];
      int other = (own + random.nextInt(1, classes)) % classes;
      float ownWeight = (float) random.nextDouble(MIN_OWN_WEIGHT, 1.0);
      int dx = random.nextInt(-maxShift, maxShift + 1);
      int dy = random.nextInt(-maxShift, maxShift + 1);
      int odx = random.nextInt(size);
      int ody = random.nextInt(size);
      boolean flip = random.nextBoolean();
      float contrast = (float) random.nextDouble(0.7, 1.3);
      float brightness = (float) random.nextDouble(-0.15, 0.15);
      float[] gain = {
        (float) random.nextDouble(0.8, 1.2),
        (float) random.nextDouble(0.8, 1.2),
        (float) random.nextDouble(0.8, 1.2)
      };
      float[] a = prototypes[own];
      float[] b = prototypes[other];
      int base = i * perImage;
      for (int y = 0; y < size; y++) {
        int ay = Math.floorMod(y + dy, size);
        int by = Math.floorMod(y + ody, size);
        for (int x = 0; x < size; x++) {
          int fx = flip ? size - 1 - x : x;
          int ai = (ay * size + Math.floorMod(fx + dx, size)) * 3;
          int bi = (by * size + Math.floorMod(fx + odx, size)) * 3;
          int o = base + (y * size + x) * 3;
          for (int c = 0; c < 3; c++) {
            float v = ownWeight * a[ai + c] + (1 - ownWeight) * b[bi + c];
            v = (v - 0.5f) * contrast * gain[c] + 0.5f + brightness;
            if (noise > 0) {
              v += (float) (noise * random.nextGaussian());
            }
            pixels[o + c] = quantize(v);
          }
        }
      }
    }
    return new ImageSplit(pixels, labels, size, size);
  }

  private static byte quantize(float v) {
    int q = Math.round(v * 255f);
    return (byte) Math.max(0, Math.min(255, q));
  }
}
