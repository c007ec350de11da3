package io.kdas.runtime.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AccuracyByAgreementTest {

  private static final int CLASSES = 3;

  /** Logits [n, k, classes] where teacher t of example i predicts {@code predicted[i][t]}. */
  private static float[] teachers(int[][] predicted) {
    int k = predicted[0].length;
    float[] logits = new float[predicted.length * k * CLASSES];
    for (int i = 0; i < predicted.length; i++) {
      for (int t = 0; t < k; t++) {
        logits[(i * k + t) * CLASSES + predicted[i][t]] = 2f + t;
      }
    }
    return logits;
  }

  @Test
  void groupsExamplesByHowManyTeachersAreRightAndScoresEachGroup() {
    int[] labels = {0, 1, 2, 0, 1};
    float[] teacherLogits = teachers(new int[][] {
        {0, 0, 0},  // all three right
        {1, 0, 2},  // one right
        {1, 0, 1},  // none right
        {0, 0, 1},  // two right
        {1, 1, 1},  // all three right
    });
    float[] student = {
        5, 0, 0,  // right
        3, 1, 0,  // wrong
        0, 0, 1,  // right
        Float.NaN, 0, 0,  // NaN: wrong, even though class 0 is the label
        0, 0, 9,  // wrong
    };
    AccuracyByAgreement t =
        AccuracyByAgreement.of(teacherLogits, 3, labels, CLASSES, Map.of("s", student));

    assertEquals(List.of(1L, 1L, 1L, 2L),
        List.of(t.examples(0), t.examples(1), t.examples(2), t.examples(3)));
    assertEquals(0.5, t.top1("s", 3));
    assertEquals(0.0, t.top1("s", 2));
    assertEquals(0.0, t.top1("s", 1));
    assertEquals(1.0, t.top1("s", 0));
    assertEquals(0.4, t.top1("s"), 1e-12);
    // Teacher 1 is right wherever any teacher is, in these examples; teacher 3 is the wrong one
    // where two are right.
    assertEquals(List.of(0.0, 1.0, 1.0, 1.0),
        List.of(t.top1("teacher-1", 0), t.top1("teacher-1", 1), t.top1("teacher-1", 2),
            t.top1("teacher-1", 3)));
    assertEquals(0.0, t.top1("teacher-3", 2));
    assertEquals(List.of("teacher-1", "teacher-2", "teacher-3", "ensemble (mean of probabilities)",
        "s"), t.models());
  }

  @Test
  void overallColumnsAgreeWithTheEnsembleReport() {
    Random random = new Random(7);
    int n = 400;
    int k = 4;
    int classes = 10;
    float[] logits = new float[n * k * classes];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) random.nextGaussian();
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(classes);
      for (int t = 0; t < k; t++) {
        logits[(i * k + t) * classes + labels[i]] += 1.5f;  // better than chance
      }
    }
    AccuracyByAgreement t = AccuracyByAgreement.of(logits, k, labels, classes, Map.of());
    EnsembleReport report = EnsembleReport.of(logits, labels, k, classes);
    for (int teacher = 0; teacher < k; teacher++) {
      assertEquals(report.teachers().get(teacher).top1(), t.top1("teacher-" + (teacher + 1)),
          1e-12);
    }
    assertEquals(report.ensemble().top1(), t.top1("ensemble (mean of probabilities)"), 1e-12);
    assertEquals(report.oracleTop1(), 1.0 - (double) t.examples(0) / n, 1e-12);
    // Every teacher is right on every example all teachers get right, wrong where none is.
    assertEquals(1.0, t.top1("teacher-2", k));
    assertEquals(0.0, t.top1("teacher-2", 0));
    String table = t.markdown();
    assertTrue(table.contains("| 4 of 4 right (all) (" + t.examples(4) + ") |"), table);
    assertTrue(table.contains("| every example (400) |"), table);
  }
}
