package io.kdas.runtime.teacher;

import io.kdas.runtime.train.Accuracy;
import java.util.ArrayList;
import java.util.List;

/**
 * How the teachers do on the test split.
 *
 * @param teachers each teacher's accuracy, in order
 * @param ensemble accuracy of the mean of the teachers' probabilities
 * @param oracleTop1 share of examples that at least one teacher classifies correctly: the ceiling
 *     of what imitating only correct teachers can reach
 */
public record EnsembleReport(List<Accuracy> teachers, Accuracy ensemble, double oracleTop1) {

  /** Scores teacher logits [n, k, classes] against labels. */
  public static EnsembleReport of(float[] logits, int[] labels, int k, int classes) {
    int n = labels.length;
    List<Accuracy> each = new ArrayList<>();
    float[] single = new float[n * classes];
    for (int t = 0; t < k; t++) {
      for (int i = 0; i < n; i++) {
        System.arraycopy(logits, (i * k + t) * classes, single, i * classes, classes);
      }
      each.add(Accuracy.of(single, labels, classes));
    }
    int oracle = 0;
    for (int i = 0; i < n; i++) {
      boolean anyCorrect = false;
      for (int t = 0; t < k; t++) {
        anyCorrect |= argmax(logits, (i * k + t) * classes, classes) == labels[i];
      }
      oracle += anyCorrect ? 1 : 0;
    }
    return new EnsembleReport(each,
        Accuracy.of(meanProbabilities(logits, n, k, classes), labels, classes),
        n == 0 ? 0 : (double) oracle / n);
  }

  /** The mean of the teachers' softmax probabilities [n, classes] from logits [n, k, classes]. */
  public static float[] meanProbabilities(float[] logits, int n, int k, int classes) {
    float[] mean = new float[n * classes];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < k; t++) {
        int offset = (i * k + t) * classes;
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          max = Math.max(max, logits[offset + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += Math.exp(logits[offset + c] - max);
        }
        for (int c = 0; c < classes; c++) {
          mean[i * classes + c] += (float) (Math.exp(logits[offset + c] - max) / sum / k);
        }
      }
    }
    return mean;
  }

  private static int argmax(float[] values, int offset, int length) {
    int best = 0;
    for (int c = 1; c < length; c++) {
      if (values[offset + c] > values[offset + best]) {
        best = c;
      }
    }
    return best;
  }
}
