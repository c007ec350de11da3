package io.kdas.runtime.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TeacherAgreementTest {

  @Test
  void countsExamplesRightByAllSomeAndNone() {
    // 4 examples, 2 teachers, 3 classes; labels 0, 1, 2, 1.
    float[] logits = {
        5, 1, 0, /* t2 */ 3, 2, 1,          // example 0: both right
        0, 4, 1, /* t2 */ 9, 0, 0,          // example 1: teacher 1 right only
        1, 2, 0, /* t2 */ 0, 3, 1,          // example 2: none right
        0, Float.NaN, 0, /* t2 */ 0, 0, 0   // example 3: NaN never a hit; a tie picks class 0
    };
    long[] counts = new long[3];
    TeacherAgreement.count(logits, new int[] {0, 1, 2, 1}, 4, 2, 3, counts);
    assertArrayEquals(new long[] {1, 1, 2}, counts);
  }

  @Test
  void sectionGivesSharesAndCounts() {
    String md = new TeacherAgreement(3, 1, 0).markdown();
    assertTrue(md.contains("| all | 75.0 % | 3 |"), md);
    assertTrue(md.contains("| none (oracle KD falls back to the label) | 0.0 % | 0 |"), md);
    assertEquals(4, new TeacherAgreement(3, 1, 0).pairs());
  }
}
