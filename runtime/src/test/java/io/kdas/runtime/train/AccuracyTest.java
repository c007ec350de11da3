package io.kdas.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kdas.runtime.teacher.EnsembleReport;
import org.junit.jupiter.api.Test;

class AccuracyTest {

  @Test
  void topOneAndTopFive() {
    // 6 classes, 2 examples: the first is right at top-1, the second only at rank 6.
    float[] logits = {
      5, 1, 0, 0, 0, 0,
      9, 8, 7, 6, 5, 0,
    };
    Accuracy a = Accuracy.of(logits, new int[] {0, 5}, 6);
    assertEquals(0.5, a.top1());
    assertEquals(0.5, a.top5());
    Accuracy b = Accuracy.of(logits, new int[] {1, 4}, 6);
    assertEquals(0.0, b.top1());
    assertEquals(1.0, b.top5());
  }

  @Test
  void nonFiniteLogitsAreWrongAnswersNeverHits() {
    // 3 classes, 4 examples, all labelled 0; every row has a non-finite logit.
    float[] logits = {
      Float.NaN, Float.NaN, Float.NaN,
      Float.NaN, 0, 0,
      5, Float.NaN, 0,
      Float.POSITIVE_INFINITY, 0, 0,
    };
    Accuracy a = Accuracy.of(logits, new int[] {0, 0, 0, 0}, 3);
    assertEquals(0.0, a.top1());
    assertEquals(0.0, a.top5());
    assertEquals(0, Accuracy.firstNonFinite(logits));
    assertEquals(-1, Accuracy.firstNonFinite(new float[] {1, 2}));
  }

  @Test
  void requireFiniteNamesTheModelAndWhereTheFirstBadValueSits() {
    float[] logits = {1, 2, 3, 4, Float.NaN, 6};
    NonFiniteOutputException e = assertThrows(NonFiniteOutputException.class,
        () -> Accuracy.requireFinite(logits, 3, "child 4", "evaluation on the validation split"));
    assertEquals("child 4: non-finite output NaN in evaluation on the validation split, first at "
        + "example 1, class 1", e.getMessage());
    Accuracy.requireFinite(new float[] {1, 2, 3}, 3, "m", "w");
  }

  @Test
  void ensembleAveragesProbabilitiesAndOracleCountsAnyCorrectTeacher() {
    // 3 examples, 2 teachers, 2 classes; labels 0, 0, 1.
    float[] logits = {
      // ex 0: teacher 1 right (confident), teacher 2 wrong (slightly): ensemble right
      4, 0, 0, 0.5f,
      // ex 1: teacher 1 wrong (confident), teacher 2 right (slightly): ensemble wrong
      0, 4, 0.5f, 0,
      // ex 2: both wrong
      1, 0, 1, 0,
    };
    EnsembleReport r = EnsembleReport.of(logits, new int[] {0, 0, 1}, 2, 2);
    assertEquals(1.0 / 3, r.teachers().get(0).top1(), 1e-9);
    assertEquals(1.0 / 3, r.teachers().get(1).top1(), 1e-9);
    assertEquals(1.0 / 3, r.ensemble().top1(), 1e-9);
    assertEquals(2.0 / 3, r.oracleTop1(), 1e-9);
  }
}
