package io.kdas.plugins.loss;

/**
 * One batch (5 examples, 3 teachers, 4 classes) that covers every case of oracle-kd; {@code
 * OracleKdLossTest#theBatchCoversEveryCase} checks that it does.
 */
final class LossFixtures {

  static final int CLASSES = 4;
  static final int TEACHERS = 3;

  static final int[] LABELS = {1, 2, 0, 3, 3};

  static final float[][] STUDENT = {
    {0.5f, 0.3f, -0.2f, 0.1f},
    {0.0f, 1.0f, 0.5f, -0.5f},
    {0.2f, 0.4f, 0.1f, 0.9f},
    {1.2f, -0.4f, 0.3f, 0.0f},
    {-0.7f, 0.6f, 1.4f, 0.2f},
  };

  static final float[][][] TEACHER_LOGITS = {
    // 0 (label 1): all three teachers are correct
    {{0.2f, 2.0f, -0.5f, 0.1f}, {1.0f, 1.5f, 0.3f, -1.0f}, {-0.3f, 3.1f, 0.9f, 0.4f}},
    // 1 (label 2): teachers 1 and 2 are correct; 2, not the first correct one, is the most
    // confident
    {{2.0f, 0.1f, 1.0f, 0.0f}, {0.5f, 0.2f, 1.1f, 0.9f}, {-1.0f, 0.0f, 2.5f, 0.3f}},
    // 2 (label 0): only teacher 2 is correct, and the wrong teacher 0 gives the label a higher
    // probability than it does
    {{2.0f, 2.2f, -3.0f, -3.0f}, {0.0f, 0.0f, 3.0f, 0.0f}, {1.0f, 0.9f, 0.8f, 0.7f}},
    // 3 (label 3): no teacher is correct
    {{1.0f, 0.0f, 0.0f, 0.5f}, {0.0f, 2.0f, 0.0f, 1.0f}, {0.3f, 0.2f, 1.5f, -0.2f}},
    // 4 (label 3): only the first teacher is correct
    {{0.1f, 0.4f, -0.6f, 1.3f}, {-0.2f, 1.7f, 0.5f, 0.6f}, {0.9f, -0.1f, 0.2f, 0.3f}},
  };

  private LossFixtures() {}

  static double[] student(int b) {
    return toDouble(STUDENT[b]);
  }

  static double[][] teachers(int b) {
    double[][] z = new double[TEACHERS][];
    for (int k = 0; k < TEACHERS; k++) {
      z[k] = toDouble(TEACHER_LOGITS[b][k]);
    }
    return z;
  }

  static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
