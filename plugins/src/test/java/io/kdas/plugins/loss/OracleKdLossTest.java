package io.kdas.plugins.loss;

import static io.kdas.plugins.loss.LossFixtures.LABELS;
import static io.kdas.plugins.loss.LossFixtures.STUDENT;
import static io.kdas.plugins.loss.LossFixtures.TEACHER_LOGITS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.loss.DistillationLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.Shape;

/** oracle-kd values against {@link Reference}, for every combination and fallback. */
class OracleKdLossTest {

  private static final List<String> COMBINATIONS =
      List.of("mean-probabilities", "mean-logits", "most-confident");
  private static final List<String> FALLBACKS = List.of("cross-entropy", "ensemble-kd");
  private static final double[][] TEMPERATURE_ALPHA = {{2.5, 0.7}, {0.5, 0.25}, {1, 1}};

  static Stream<Arguments> configurations() {
    List<Arguments> all = new ArrayList<>();
    for (String combination : COMBINATIONS) {
      for (String fallback : FALLBACKS) {
        for (double[] ta : TEMPERATURE_ALPHA) {
          all.add(Arguments.of(combination, fallback, ta[0], ta[1]));
        }
      }
    }
    return all.stream();
  }

  @Test
  void theBatchCoversEveryCase() {
    int[] correctCounts = new int[LABELS.length];
    for (int b = 0; b < LABELS.length; b++) {
      correctCounts[b] = Reference.correctTeachers(LossFixtures.teachers(b), LABELS[b]).size();
    }
    assertEquals(List.of(3, 2, 1, 0, 1),
        java.util.Arrays.stream(correctCounts).boxed().toList(), "correct teachers per example");

    // example 1: the most confident correct teacher is not the first correct one
    double[][] z1 = LossFixtures.teachers(1);
    List<Integer> correct1 = Reference.correctTeachers(z1, LABELS[1]);
    assertEquals(List.of(1, 2), correct1);
    assertEquals(2, Reference.mostConfident(z1, correct1, LABELS[1]));

    // example 2: the one correct teacher is not the most confident teacher overall
    double[][] z2 = LossFixtures.teachers(2);
    assertEquals(List.of(2), Reference.correctTeachers(z2, LABELS[2]));
    assertEquals(0, Reference.mostConfident(z2, List.of(0, 1, 2), LABELS[2]));

    // the wrong choices would give other values, so the value test tells them apart
    double t = 2.5;
    double alpha = 0.7;
    assertDiffers(mixWithTarget(1, Reference.softmax(z1[2], t), t, alpha),
        mixWithTarget(1, Reference.softmax(z1[1], t), t, alpha));
    assertDiffers(mixWithTarget(2, Reference.softmax(z2[2], t), t, alpha),
        mixWithTarget(2, Reference.softmax(z2[0], t), t, alpha));
    for (int b : new int[] {0, 1}) {
      double[][] z = LossFixtures.teachers(b);
      List<Integer> c = Reference.correctTeachers(z, LABELS[b]);
      assertDiffers(mixWithTarget(b, Reference.meanProbabilities(z, c, t), t, alpha),
          mixWithTarget(b, Reference.meanLogits(z, c, t), t, alpha));
    }
    assertDiffers(Reference.crossEntropy(LossFixtures.student(3), LABELS[3]),
        Reference.ensembleKd(LossFixtures.student(3), LossFixtures.teachers(3), LABELS[3], t,
            alpha));
  }

  @ParameterizedTest(name = "{0}, fallback {1}, T={2}, alpha={3}")
  @MethodSource("configurations")
  void matchesTheDefinition(String combination, String fallback, double t, double alpha) {
    DistillationLoss loss = LossRunner.oracleKd(combination, fallback, t, alpha);
    float[] actual = LossRunner.run(loss, STUDENT, TEACHER_LOGITS, LABELS);

    assertEquals(LABELS.length, actual.length);
    for (int b = 0; b < LABELS.length; b++) {
      double expected = Reference.oracleKd(LossFixtures.student(b), LossFixtures.teachers(b),
          LABELS[b], t, alpha, combination, fallback);
      assertClose(expected, actual[b], "example " + b);
    }
  }

  @Test
  void defaultsAreMeanProbabilitiesWithCrossEntropyFallbackAtTemperature4Alpha09() {
    float[] actual = LossRunner.run(LossRunner.create(new OracleKdLossPlugin(), Map.of()),
        STUDENT, TEACHER_LOGITS, LABELS);
    for (int b = 0; b < LABELS.length; b++) {
      double expected = Reference.oracleKd(LossFixtures.student(b), LossFixtures.teachers(b),
          LABELS[b], 4, 0.9, "mean-probabilities", "cross-entropy");
      assertClose(expected, actual[b], "example " + b);
    }
  }

  @ParameterizedTest(name = "{0}, fallback {1}, T={2}, alpha={3}")
  @MethodSource("configurations")
  void buildsOnPlaceholdersOfUnknownBatchSize(
      String combination, String fallback, double t, double alpha) {
    DistillationLoss loss = LossRunner.oracleKd(combination, fallback, t, alpha);
    float[] fed = LossRunner.runFed(loss, Shape.of(-1, LossFixtures.CLASSES),
        Shape.of(-1, LossFixtures.TEACHERS, LossFixtures.CLASSES), STUDENT, TEACHER_LOGITS,
        LABELS);
    float[] constant = LossRunner.run(loss, STUDENT, TEACHER_LOGITS, LABELS);
    for (int b = 0; b < LABELS.length; b++) {
      assertClose(constant[b], fed[b], "example " + b);
    }
  }

  @Test
  void buildsWhenOnlyTheInputsRecordKnowsTeachersAndClasses() {
    // DistillationInputs carries the class and teacher counts: a loss must not need them in the
    // static shape of the teacher logits.
    for (String combination : COMBINATIONS) {
      DistillationLoss loss = LossRunner.oracleKd(combination, "ensemble-kd", 2.5, 0.7);
      float[] fed = LossRunner.runFed(loss, Shape.of(-1, -1), Shape.of(-1, -1, -1),
          STUDENT, TEACHER_LOGITS, LABELS);
      for (int b = 0; b < LABELS.length; b++) {
        double expected = Reference.oracleKd(LossFixtures.student(b), LossFixtures.teachers(b),
            LABELS[b], 2.5, 0.7, combination, "ensemble-kd");
        assertClose(expected, fed[b], combination + ", example " + b);
      }
    }
  }

  @Test
  void usesTheTeachers() {
    for (String combination : COMBINATIONS) {
      for (String fallback : FALLBACKS) {
        assertTrue(LossRunner.oracleKd(combination, fallback, 4, 0.9).usesTeachers());
      }
    }
  }

  @Test
  void anUnknownCombinationIsRefusedWithTheChoices() {
    OracleKdLossPlugin plugin = new OracleKdLossPlugin();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plugin.parameters().resolve(Map.of("combination", "median")));
    assertEquals("'median' is not allowed for combination: expected one of "
        + "mean-probabilities, mean-logits, most-confident", e.getMessage());
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
        () -> plugin.parameters().resolve(Map.of("fallback", "none")));
    assertEquals("'none' is not allowed for fallback: expected one of cross-entropy, ensemble-kd",
        f.getMessage());
  }

  private static double mixWithTarget(int b, double[] target, double t, double alpha) {
    double[] s = LossFixtures.student(b);
    return Reference.mix(Reference.softenedKl(target, s, t), s, LABELS[b], alpha);
  }

  private static void assertDiffers(double a, double b) {
    assertTrue(Math.abs(a - b) > 1e-3 * Math.max(Math.abs(a), Math.abs(b)),
        a + " and " + b + " are too close to tell apart");
  }

  static void assertClose(double expected, double actual, String what) {
    double tolerance = Math.max(1e-5 * Math.abs(expected), 1e-6);
    assertEquals(expected, actual, tolerance, what);
  }
}
