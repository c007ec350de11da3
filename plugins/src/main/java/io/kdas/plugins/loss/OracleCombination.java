package io.kdas.plugins.loss;

import java.util.Arrays;
import java.util.List;

/** How oracle-kd combines the teachers that classify an example correctly into one target. */
public enum OracleCombination {
  /** Mean of the correct teachers' softened probabilities. */
  MEAN_PROBABILITIES("mean-probabilities"),
  /** Softened softmax of the mean of the correct teachers' logits. */
  MEAN_LOGITS("mean-logits"),
  /** Softened probabilities of the correct teacher most confident in the true label. */
  MOST_CONFIDENT("most-confident");

  private final String word;

  OracleCombination(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  public static List<String> words() {
    return Arrays.stream(values()).map(OracleCombination::word).toList();
  }

  public static OracleCombination of(String word) {
    return Arrays.stream(values())
        .filter(c -> c.word.equals(word))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("combination: " + word));
  }
}
