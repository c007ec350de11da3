package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageSplit;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticDatasetTest {

  @Test
  void isDeterministicForASeed() {
    Dataset a = SyntheticDataset.generate(4, 60, 20, 12, 0.25f, 7);
    Dataset b = SyntheticDataset.generate(4, 60, 20, 12, 0.25f, 7);
    Dataset c = SyntheticDataset.generate(4, 60, 20, 12, 0.25f, 8);
    assertArrayEquals(a.train().pixels(), b.train().pixels());
    assertArrayEquals(a.train().labels(), b.train().labels());
    assertArrayEquals(a.test().pixels(), b.test().pixels());
    assertEquals(a.identity(), b.identity());
    assertFalse(Arrays.equals(a.train().pixels(), c.train().pixels()));
    assertFalse(a.identity().equals(c.identity()));
  }

  @Test
  void describesItselfAndNamesItsClasses() {
    Dataset dataset = SyntheticDataset.generate(10, 50, 20, 8, 0.25f, 7);
    assertEquals(
        "synthetic(classes=10,train=50,test=20,size=8,noise=0.25,seed=7)", dataset.identity());
    assertEquals(10, dataset.classes());
    assertEquals("class0", dataset.classNames().get(0));
    assertEquals(8, dataset.train().height());
    assertEquals(8, dataset.test().width());
    assertEquals(50, dataset.train().size());
    assertEquals(20, dataset.test().size());
  }

  @Test
  void labelsAreBalancedAndShuffled() {
    Dataset dataset = SyntheticDataset.generate(7, 703, 70, 8, 0.25f, 3);
    int[] counts = new int[7];
    for (int label : dataset.train().labels()) {
      counts[label]++;
    }
    for (int count : counts) {
      assertTrue(count == 100 || count == 101, Arrays.toString(counts));
    }
    int inOrder = 0;
    int[] labels = dataset.train().labels();
    for (int i = 0; i < labels.length; i++) {
      inOrder += labels[i] == i % 7 ? 1 : 0;
    }
    assertTrue(inOrder < labels.length / 3, "labels should be shuffled");
  }

  @Test
  void isLearnableButNotTriviallySeparable() {
    int classes = 10;
    Dataset dataset = SyntheticDataset.generate(classes, 2000, 500, 32, 0.25f, 7);
    ImageSplit train = dataset.train();
    ImageSplit test = dataset.test();
    int n = train.pixelsPerImage();
    double[][] means = new double[classes][n];
    int[] counts = new int[classes];
    for (int i = 0; i < train.size(); i++) {
      int label = train.labels()[i];
      counts[label]++;
      for (int j = 0; j < n; j++) {
        means[label][j] += train.pixels()[i * n + j] & 0xFF;
      }
    }
    for (int k = 0; k < classes; k++) {
      for (int j = 0; j < n; j++) {
        means[k][j] /= counts[k];
      }
    }
    int correct = 0;
    for (int i = 0; i < test.size(); i++) {
      int best = -1;
      double bestDistance = Double.MAX_VALUE;
      for (int k = 0; k < classes; k++) {
        double distance = 0;
        for (int j = 0; j < n; j++) {
          double d = (test.pixels()[i * n + j] & 0xFF) - means[k][j];
          distance += d * d;
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          best = k;
        }
      }
      correct += best == test.labels()[i] ? 1 : 0;
    }
    double accuracy = (double) correct / test.size();
    assertTrue(accuracy > 2.0 / classes, "nearest class mean accuracy " + accuracy);
    assertTrue(accuracy < 0.8, "nearest class mean accuracy " + accuracy + ": too easy");
  }

  @Test
  void usesTheWholePixelRange() {
    ImageSplit train = SyntheticDataset.generate(5, 100, 10, 16, 0.25f, 1).train();
    int min = 255;
    int max = 0;
    for (byte b : train.pixels()) {
      min = Math.min(min, b & 0xFF);
      max = Math.max(max, b & 0xFF);
    }
    assertEquals(0, min);
    assertEquals(255, max);
  }

  @Test
  void rejectsImpossibleConfigurations() {
    assertThrows(DataException.class, () -> SyntheticDataset.generate(1, 10, 10, 32, 0.1f, 1));
    assertThrows(DataException.class, () -> SyntheticDataset.generate(3, 0, 10, 32, 0.1f, 1));
    assertThrows(DataException.class, () -> SyntheticDataset.generate(3, 10, 10, 2, 0.1f, 1));
    assertThrows(DataException.class, () -> SyntheticDataset.generate(3, 10, 10, 32, -1f, 1));
    assertThrows(
        DataException.class, () -> SyntheticDataset.generate(3, 10, 10, 32, Float.NaN, 1));
  }
}
