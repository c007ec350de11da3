package io.kdas.runtime.teacher;

import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.pipeline.Batch;
import java.util.Locale;

/**
 * How often the teachers agree on what the student is trained on: of the stored (training
 * example, view) pairs, the share that every teacher classifies right, that some do, and that
 * none does (where oracle KD falls back to the label), as in the paper's Table 5. A teacher whose
 * logits are not finite counts as wrong.
 */
public record TeacherAgreement(long all, long some, long none) {

  private static final int CHUNK = 1024;

  public long pairs() {
    return all + some + none;
  }

  /** Counts over every stored view of every training example. */
  public static TeacherAgreement of(TeacherLogitStore store, ImageSplit train, int classes) {
    int views = store.views();
    int teachers = store.teachers();
    long pairs = (long) train.size() * views;
    int[] examples = new int[CHUNK];
    int[] viewOf = new int[CHUNK];
    int[] labels = new int[CHUNK];
    float[] logits = new float[CHUNK * teachers * classes];
    long[] counts = new long[3];
    for (long start = 0; start < pairs; start += CHUNK) {
      int n = (int) Math.min(CHUNK, pairs - start);
      for (int j = 0; j < n; j++) {
        examples[j] = (int) ((start + j) / views);
        viewOf[j] = (int) ((start + j) % views);
        labels[j] = train.labels()[examples[j]];
      }
      store.logits(new Batch(examples, viewOf, new float[0], labels, n, new float[0]), logits);
      count(logits, labels, n, teachers, classes, counts);
    }
    return new TeacherAgreement(counts[0], counts[1], counts[2]);
  }

  /**
   * Adds {@code n} examples' logits ([n, teachers, classes]) to {@code counts} {all, some, none}.
   */
  static void count(float[] logits, int[] labels, int n, int teachers, int classes,
      long[] counts) {
    for (int j = 0; j < n; j++) {
      int right = 0;
      for (int k = 0; k < teachers; k++) {
        if (argmax(logits, (j * teachers + k) * classes, classes) == labels[j]) {
          right++;
        }
      }
      counts[right == teachers ? 0 : right > 0 ? 1 : 2]++;
    }
  }

  /** The index of the largest logit; -1 (never a label) if any logit is not finite. */
  static int argmax(float[] logits, int offset, int classes) {
    int best = -1;
    float max = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      float v = logits[offset + c];
      if (!Float.isFinite(v)) {
        return -1;
      }
      if (best < 0 || v > max) {
        best = c;
        max = v;
      }
    }
    return best;
  }

  /** The summary's section. */
  public String markdown() {
    return String.format(Locale.ROOT, "## Teachers' agreement (stored training views)%n%n"
        + "| teachers right | share | (example, view) pairs |%n|---|---|---|%n"
        + "| all | %.1f %% | %,d |%n| some | %.1f %% | %,d |%n"
        + "| none (oracle KD falls back to the label) | %.1f %% | %,d |%n%n",
        share(all), all, share(some), some, share(none), none);
  }

  private double share(long count) {
    return 100.0 * count / Math.max(1, pairs());
  }
}
