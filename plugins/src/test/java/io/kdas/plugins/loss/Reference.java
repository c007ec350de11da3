package io.kdas.plugins.loss;

import java.util.ArrayList;
import java.util.List;

/**
 * The losses' definitions in plain Java doubles, written from the design brief and independent of
 * the code under test: the expected values of the loss tests.
 */
final class Reference {

  private Reference() {}

  /** softmax(z / t). */
  static double[] softmax(double[] z, double t) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v / t);
    }
    double sum = 0;
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] / t - max);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** log softmax(z / t). */
  static double[] logSoftmax(double[] z, double t) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v / t);
    }
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v / t - max);
    }
    double log = max + Math.log(sum);
    double[] out = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      out[i] = z[i] / t - log;
    }
    return out;
  }

  /** Cross-entropy of the label at temperature 1: -log softmax(s)[y]. */
  static double crossEntropy(double[] s, int y) {
    return -logSoftmax(s, 1)[y];
  }

  /** T^2 KL(p || softmax(s / T)), with 0 log 0 = 0. */
  static double softenedKl(double[] p, double[] s, double t) {
    double[] logQ = logSoftmax(s, t);
    double kl = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        kl += p[i] * (Math.log(p[i]) - logQ[i]);
      }
    }
    return t * t * kl;
  }

  /** The first index of the largest value. */
  static int argmax(double[] z) {
    int best = 0;
    for (int i = 1; i < z.length; i++) {
      if (z[i] > z[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The teachers whose argmax is the label, in order. */
  static List<Integer> correctTeachers(double[][] z, int y) {
    List<Integer> correct = new ArrayList<>();
    for (int k = 0; k < z.length; k++) {
      if (argmax(z[k]) == y) {
        correct.add(k);
      }
    }
    return correct;
  }

  /** alpha * kd + (1 - alpha) * CE(y, softmax(s)). */
  static double mix(double kd, double[] s, int y, double alpha) {
    return alpha * kd + (1 - alpha) * crossEntropy(s, y);
  }

  /** Mean over the given teachers of softmax(z_k / T). */
  static double[] meanProbabilities(double[][] z, List<Integer> teachers, double t) {
    double[] target = new double[z[0].length];
    for (int k : teachers) {
      double[] p = softmax(z[k], t);
      for (int c = 0; c < target.length; c++) {
        target[c] += p[c] / teachers.size();
      }
    }
    return target;
  }

  /** softmax(mean over the given teachers of z_k, divided by T). */
  static double[] meanLogits(double[][] z, List<Integer> teachers, double t) {
    double[] mean = new double[z[0].length];
    for (int k : teachers) {
      for (int c = 0; c < mean.length; c++) {
        mean[c] += z[k][c] / teachers.size();
      }
    }
    return softmax(mean, t);
  }

  /** The teacher among {@code teachers} with the highest softmax(z_k)[y] (T = 1); first on ties. */
  static int mostConfident(double[][] z, List<Integer> teachers, int y) {
    int best = teachers.get(0);
    for (int k : teachers) {
      if (softmax(z[k], 1)[y] > softmax(z[best], 1)[y]) {
        best = k;
      }
    }
    return best;
  }

  /** ensemble-kd: alpha T^2 KL(mean_k softmax(z_k/T) || softmax(s/T)) + (1 - alpha) CE. */
  static double ensembleKd(double[] s, double[][] z, int y, double t, double alpha) {
    List<Integer> all = new ArrayList<>();
    for (int k = 0; k < z.length; k++) {
      all.add(k);
    }
    return mix(softenedKl(meanProbabilities(z, all, t), s, t), s, y, alpha);
  }

  /** oracle-kd of one example. */
  static double oracleKd(double[] s, double[][] z, int y, double t, double alpha,
      String combination, String fallback) {
    List<Integer> correct = correctTeachers(z, y);
    if (correct.isEmpty()) {
      return switch (fallback) {
        case "cross-entropy" -> crossEntropy(s, y);
        case "ensemble-kd" -> ensembleKd(s, z, y, t, alpha);
        default -> throw new IllegalArgumentException(fallback);
      };
    }
    double[] target = switch (combination) {
      case "mean-probabilities" -> meanProbabilities(z, correct, t);
      case "mean-logits" -> meanLogits(z, correct, t);
      case "most-confident" -> softmax(z[mostConfident(z, correct, y)], t);
      default -> throw new IllegalArgumentException(combination);
    };
    return mix(softenedKl(target, s, t), s, y, alpha);
  }
}
