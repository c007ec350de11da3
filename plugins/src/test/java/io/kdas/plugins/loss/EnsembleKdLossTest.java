package io.kdas.plugins.loss;

import static io.kdas.plugins.loss.LossFixtures.LABELS;
import static io.kdas.plugins.loss.LossFixtures.STUDENT;
import static io.kdas.plugins.loss.LossFixtures.TEACHER_LOGITS;
import static io.kdas.plugins.loss.OracleKdLossTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.loss.DistillationLoss;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** ensemble-kd values against {@link Reference}. */
class EnsembleKdLossTest {

  @ParameterizedTest(name = "T={0}, alpha={1}")
  @CsvSource({"2.5, 0.7", "0.5, 0.25", "4, 1", "1, 0"})
  void matchesTheDefinition(double t, double alpha) {
    float[] actual =
        LossRunner.run(LossRunner.ensembleKd(t, alpha), STUDENT, TEACHER_LOGITS, LABELS);
    assertEquals(LABELS.length, actual.length);
    for (int b = 0; b < LABELS.length; b++) {
      double expected = Reference.ensembleKd(
          LossFixtures.student(b), LossFixtures.teachers(b), LABELS[b], t, alpha);
      assertClose(expected, actual[b], "example " + b);
    }
  }

  @Test
  void defaultsAreTemperature4Alpha09() {
    float[] actual = LossRunner.run(LossRunner.create(new EnsembleKdLossPlugin(), Map.of()),
        STUDENT, TEACHER_LOGITS, LABELS);
    for (int b = 0; b < LABELS.length; b++) {
      assertClose(Reference.ensembleKd(
          LossFixtures.student(b), LossFixtures.teachers(b), LABELS[b], 4, 0.9), actual[b],
          "example " + b);
    }
  }

  @Test
  void buildsOnPlaceholdersOfUnknownShape() {
    DistillationLoss loss = LossRunner.ensembleKd(2.5, 0.7);
    float[] fed = LossRunner.runFed(loss, Shape.of(-1, -1), Shape.of(-1, -1, -1),
        STUDENT, TEACHER_LOGITS, LABELS);
    for (int b = 0; b < LABELS.length; b++) {
      assertClose(Reference.ensembleKd(
          LossFixtures.student(b), LossFixtures.teachers(b), LABELS[b], 2.5, 0.7), fed[b],
          "example " + b);
    }
  }

  @Test
  void usesTheTeachers() {
    assertTrue(LossRunner.ensembleKd(4, 0.9).usesTeachers());
  }
}
