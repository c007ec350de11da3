package io.kdas.plugins.loss;

import io.kdas.api.loss.LossMath;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The per-example formulas of the built-in losses. Teacher logits pass through {@code
 * StopGradient}: a loss never trains a teacher, even in a graph where the teachers were built.
 */
public final class DistillationMath {

  private DistillationMath() {}

  /**
   * Hinton's ensemble distillation: alpha * T^2 KL(mean_k softmax(z_k/T) || softmax(s/T)) +
   * (1 - alpha) CE(label, softmax(s)).
   */
  public static Operand<TFloat32> ensembleKd(
      Ops tf, Operand<TFloat32> student, Operand<TFloat32> teachers, Operand<TInt32> labels,
      int classes, float temperature, float alpha) {
    Operand<TFloat32> target = LossMath.ensembleTarget(tf, tf.stopGradient(teachers), temperature);
    return mix(tf, LossMath.softenedKl(tf, target, student, temperature),
        LossMath.crossEntropy(tf, student, labels, classes), alpha);
  }

  /**
   * Oracle distillation. Per example, with C the teachers whose argmax equals the label: if C is
   * not empty, alpha * T^2 KL(target_C || softmax(s/T)) + (1 - alpha) CE, where target_C combines
   * the teachers of C as {@code combination} says; if C is empty, CE alone or, with {@code
   * ensembleFallback}, the ensemble-kd loss of all teachers.
   */
  public static Operand<TFloat32> oracleKd(
      Ops tf, Operand<TFloat32> student, Operand<TFloat32> teachers, Operand<TInt32> labels,
      int classes, float temperature, float alpha, OracleCombination combination,
      boolean ensembleFallback) {
    Operand<TFloat32> fixedTeachers = tf.stopGradient(teachers);
    Operand<TFloat32> correct = LossMath.teacherCorrect(tf, fixedTeachers, labels); // [B, K]
    Operand<TFloat32> count = tf.reduceSum(correct, tf.constant(1)); // [B]
    Operand<TFloat32> anyCorrect =
        tf.dtypes.cast(tf.math.greater(count, tf.constant(0f)), TFloat32.class);
    Operand<TFloat32> target =
        oracleTarget(tf, fixedTeachers, labels, correct, count, classes, temperature,
            combination);
    Operand<TFloat32> ce = LossMath.crossEntropy(tf, student, labels, classes);
    Operand<TFloat32> oracle =
        mix(tf, LossMath.softenedKl(tf, target, student, temperature), ce, alpha);
    Operand<TFloat32> fallback =
        ensembleFallback
            ? ensembleKd(tf, student, fixedTeachers, labels, classes, temperature, alpha)
            : ce;
    // Both branches are finite for every example (an empty C gives a zero or uniform target),
    // so the masked sum has finite gradients too.
    return tf.math.add(
        tf.math.mul(anyCorrect, oracle),
        tf.math.mul(tf.math.sub(tf.constant(1f), anyCorrect), fallback));
  }

  /**
   * The combined target of the correct teachers: float32 [B, classes]. Reads the number of
   * teachers from the runtime shape of {@code teachers}, whose static shape may leave it unknown.
   */
  static Operand<TFloat32> oracleTarget(
      Ops tf, Operand<TFloat32> teachers, Operand<TInt32> labels, Operand<TFloat32> correct,
      Operand<TFloat32> count, int classes, float temperature, OracleCombination combination) {
    Operand<TFloat32> weights; // [B, K]: how much each teacher contributes
    if (combination == OracleCombination.MOST_CONFIDENT) {
      Operand<TInt32> k = tf.gather(tf.shape(teachers), tf.constant(1), tf.constant(0));
      Operand<TFloat32> labelProb = // [B, K]: each teacher's probability of the true label
          tf.reduceSum(
              tf.math.mul(
                  tf.nn.softmax(teachers),
                  tf.expandDims(LossMath.oneHot(tf, labels, classes), tf.constant(1))),
              tf.constant(-1));
      // Incorrect teachers score below every correct one (probabilities are >= 0).
      Operand<TFloat32> score = tf.math.sub(labelProb, tf.math.sub(tf.constant(1f), correct));
      Operand<TInt32> best = tf.math.argMax(score, tf.constant(1), TInt32.class);
      weights = tf.oneHot(best, k, tf.constant(1f), tf.constant(0f));
    } else {
      weights = tf.math.div(correct, tf.expandDims(tf.math.maximum(count, tf.constant(1f)),
          tf.constant(-1)));
    }
    Operand<TFloat32> w = tf.expandDims(weights, tf.constant(-1)); // [B, K, 1]
    if (combination == OracleCombination.MEAN_PROBABILITIES) {
      return tf.reduceSum(tf.math.mul(w, LossMath.softened(tf, teachers, temperature)),
          tf.constant(1));
    }
    return LossMath.softened(tf, tf.reduceSum(tf.math.mul(w, teachers), tf.constant(1)),
        temperature);
  }

  /** alpha * kd + (1 - alpha) * ce. */
  static Operand<TFloat32> mix(
      Ops tf, Operand<TFloat32> kd, Operand<TFloat32> ce, float alpha) {
    return tf.math.add(tf.math.mul(tf.constant(alpha), kd),
        tf.math.mul(tf.constant(1f - alpha), ce));
  }
}
