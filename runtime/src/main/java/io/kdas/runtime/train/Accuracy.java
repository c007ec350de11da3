package io.kdas.runtime.train;

/**
 * Top-1 and top-5 accuracy of logits against labels.
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
        if (v > truth || (v == truth && c < labels[i])) {
          higher++;
        }
      }
      hit1 += higher == 0 ? 1 : 0;
      hit5 += higher < 5 ? 1 : 0;
    }
    return new Accuracy(n == 0 ? 0 : (double) hit1 / n, n == 0 ? 0 : (double) hit5 / n, n);
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
