package io.kdas.runtime.teacher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Top-1 of models on the test examples grouped by how many teachers classify each one right
 * (k of k down to 0 of k). Oracle KD and ensemble KD give the same targets where every teacher
 * is right; they differ where only some are (oracle KD drops the wrong ones) and where none is
 * (oracle KD falls back to the label), so these groups show where a loss helps or hurts. A model
 * whose logits for an example are not finite is wrong on it.
 */
public final class AccuracyByAgreement {

  private final int teachers;
  private final long[] examples;
  private final Map<String, long[]> correct;

  private AccuracyByAgreement(int teachers, long[] examples, Map<String, long[]> correct) {
    this.teachers = teachers;
    this.examples = examples;
    this.correct = correct;
  }

  /**
   * Groups the examples by the teachers' logits [n, k, classes] and scores the teachers, their
   * ensemble (mean of probabilities) and each of {@code models} (name to logits [n, classes]).
   */
  public static AccuracyByAgreement of(float[] teacherLogits, int k, int[] labels, int classes,
      Map<String, float[]> models) {
    int n = labels.length;
    int[] right = new int[n];
    Map<String, float[]> scored = new LinkedHashMap<>();
    float[] single = new float[n * classes];
    for (int t = 0; t < k; t++) {
      for (int i = 0; i < n; i++) {
        System.arraycopy(teacherLogits, (i * k + t) * classes, single, i * classes, classes);
        right[i] += TeacherAgreement.argmax(single, i * classes, classes) == labels[i] ? 1 : 0;
      }
      scored.put("teacher-" + (t + 1), single.clone());
    }
    scored.put("ensemble (mean of probabilities)",
        EnsembleReport.meanProbabilities(teacherLogits, n, k, classes));
    scored.putAll(models);
    long[] examples = new long[k + 1];
    for (int r : right) {
      examples[r]++;
    }
    Map<String, long[]> correct = new LinkedHashMap<>();
    scored.forEach((name, logits) -> {
      long[] hits = new long[k + 1];
      for (int i = 0; i < n; i++) {
        hits[right[i]] += TeacherAgreement.argmax(logits, i * classes, classes) == labels[i]
            ? 1 : 0;
      }
      correct.put(name, hits);
    });
    return new AccuracyByAgreement(k, examples, correct);
  }

  /** How many examples exactly {@code right} teachers classify right. */
  public long examples(int right) {
    return examples[right];
  }

  /** The top-1 of {@code model} on the examples exactly {@code right} teachers get right. */
  public double top1(String model, int right) {
    return (double) correct.get(model)[right] / Math.max(1, examples[right]);
  }

  /** The top-1 of {@code model} on every example. */
  public double top1(String model) {
    long hits = 0;
    for (long h : correct.get(model)) {
      hits += h;
    }
    return (double) hits / Math.max(1, total());
  }

  public List<String> models() {
    return new ArrayList<>(correct.keySet());
  }

  private long total() {
    long total = 0;
    for (long e : examples) {
      total += e;
    }
    return total;
  }

  /** A markdown table: one row per model, one column per number of teachers right. */
  public String markdown() {
    StringBuilder s = new StringBuilder("| model |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int r = teachers; r >= 0; r--) {
      s.append(String.format(Locale.ROOT, " %d of %d right%s (%,d) |", r, teachers,
          r == teachers ? " (all)" : r == 0 ? " (none)" : "", examples[r]));
      rule.append("---|");
    }
    s.append(String.format(Locale.ROOT, " every example (%,d) |%n", total()));
    s.append(rule).append("---|\n");
    for (String model : correct.keySet()) {
      s.append("| ").append(model).append(" |");
      for (int r = teachers; r >= 0; r--) {
        s.append(String.format(Locale.ROOT, " %.4f |", top1(model, r)));
      }
      s.append(String.format(Locale.ROOT, " %.4f |%n", top1(model)));
    }
    return s.toString();
  }
}
