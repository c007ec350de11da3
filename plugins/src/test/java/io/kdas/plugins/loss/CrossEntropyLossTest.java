package io.kdas.plugins.loss;

import static io.kdas.plugins.loss.LossFixtures.LABELS;
import static io.kdas.plugins.loss.LossFixtures.STUDENT;
import static io.kdas.plugins.loss.LossFixtures.TEACHER_LOGITS;
import static io.kdas.plugins.loss.OracleKdLossTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kdas.api.loss.DistillationLoss;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cross-entropy values against {@link Reference}. */
class CrossEntropyLossTest {

  @Test
  void matchesTheDefinition() {
    float[] actual = LossRunner.run(LossRunner.crossEntropy(), STUDENT, TEACHER_LOGITS, LABELS);
    assertEquals(LABELS.length, actual.length);
    for (int b = 0; b < LABELS.length; b++) {
      assertClose(Reference.crossEntropy(LossFixtures.student(b), LABELS[b]), actual[b],
          "example " + b);
    }
  }

  @Test
  void ignoresTheTeachers() {
    DistillationLoss loss = LossRunner.crossEntropy();
    assertFalse(loss.usesTeachers());
    float[][][] others = new float[TEACHER_LOGITS.length][1][LossFixtures.CLASSES];
    assertArrayEquals(LossRunner.run(loss, STUDENT, TEACHER_LOGITS, LABELS),
        LossRunner.run(loss, STUDENT, others, LABELS), 0f);
  }

  @Test
  void hasNoParameters() {
    CrossEntropyLossPlugin plugin = new CrossEntropyLossPlugin();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plugin.parameters().resolve(Map.of("temperature", "4")));
    assertEquals("unknown parameter 'temperature'; allowed: none", e.getMessage());
  }
}
