package io.kdas.runtime.train;

/**
 * Top-1 and top-5 accuracy of logits against labels. A row with any non-finite logit (NaN or
 * infinite) is a wrong answer for both: a broken model never scores a hit.
 *
 * @param top1 share of examples whose highest logit is the label
 * @param top5 share whose label is among the five highest logits (ties count against)
 * @param examples how many examples were scored
 */
public record Accuracy(double top1, double top5, int examples) {

  /** Scores logits [n, classes] against n labels. */
  public static Accuracy of(float[] logits, int[] labels, int classes) {
    int n = labels.length;
    int hit1 = 0;
    int hit5 = 0;
    for (int i = 0; i < n; i++) {
      float truth = logits[i * classes + labels[i]];
      int higher = 0;
      for (int c = 0; c < classes; c++) {
        float v = logits[i * classes + c];
        if (!Float.isFinite(v)) {
          higher = Integer.MAX_VALUE;
          break;
        }
        if (v > truth || (v == truth && c < labels[i])) {
          higher++;
        }
      }
      hit1 += higher == 0 ? 1 : 0;
      hit5 += higher < 5 ? 1 : 0;
    }
    return new Accuracy(n == 0 ? 0 : (double) hit1 / n, n == 0 ? 0 : (double) hit5 / n, n);
  }

  /** The index of the first non-finite value of {@code logits}, or -1 when all are finite. */
  public static int firstNonFinite(float[] logits) {
    for (int i = 0; i < logits.length; i++) {
      if (!Float.isFinite(logits[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Throws {@link NonFiniteOutputException} naming the model, the split and where the first
   * non-finite logit of [n, classes] sits.
   */
  public static void requireFinite(float[] logits, int classes, String model, String where) {
    int at = firstNonFinite(logits);
    if (at >= 0) {
      throw new NonFiniteOutputException(String.format(
          "%s: non-finite output %s in %s, first at example %d, class %d", model, logits[at],
          where, at / classes, at % classes));
    }
  }

  /** The predicted class of example i (ties to the lower index, as argmax). */
  public static int argmax(float[] logits, int i, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (logits[i * classes + c] > logits[i * classes + best]) {
        best = c;
      }
    }
    return best;
  }
}
