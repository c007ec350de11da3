package io.kdas.api.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The shared maths of distillation losses, as pure functions of operands: each adds ops through
 * the given {@code tf} (nothing else: no variables, no random ops) and has a registered gradient
 * for every differentiable input.
 */
public final class LossMath {

  private LossMath() {}

  /**
   * Cross-entropy of the true labels, -log softmax(logits)[label].
   *
   * @param tf the scope to build in
   * @param logits float32 [batch, classes]
   * @param labels int32 [batch], in [0, classes)
   * @param classes the number of classes
   * @return float32 [batch]
   */
  public static Operand<TFloat32> crossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, int classes) {
    Operand<TFloat32> oneHot = oneHot(tf, labels, classes);
    return tf.math.neg(tf.reduceSum(tf.math.mul(oneHot, tf.nn.logSoftmax(logits)), tf.constant(-1)));
  }

  /**
   * T^2-scaled Kullback-Leibler divergence KL(target || softmax(logits / T)) per example. The
   * T^2 factor keeps the gradient scale independent of the temperature (Hinton et al. 2015). Zero
   * target probabilities contribute 0.
   *
   * @param tf the scope to build in
   * @param target float32 [batch, classes], a probability distribution per row (usually built
   *     from the teachers, so no gradient reaches a variable through it)
   * @param logits float32 [batch, classes], the student's logits
   * @param temperature T, positive
   * @return float32 [batch]
   */
  public static Operand<TFloat32> softenedKl(
      Ops tf, Operand<TFloat32> target, Operand<TFloat32> logits, float temperature) {
    Operand<TFloat32> logQ = tf.nn.logSoftmax(tf.math.div(logits, tf.constant(temperature)));
    // x log x with 0 log 0 = 0: log(max(p, tiny)) is finite where p is 0 and the product is 0.
    Operand<TFloat32> logP = tf.math.log(tf.math.maximum(target, tf.constant(1e-30f)));
    Operand<TFloat32> kl =
        tf.reduceSum(tf.math.mul(target, tf.math.sub(logP, logQ)), tf.constant(-1));
    return tf.math.mul(kl, tf.constant(temperature * temperature));
  }

  /**
   * softmax(logits / T) along the last axis.
   *
   * @param tf the scope to build in
   * @param logits float32 of any rank, classes last
   * @param temperature T, positive
   * @return float32 of the shape of {@code logits}
   */
  public static Operand<TFloat32> softened(Ops tf, Operand<TFloat32> logits, float temperature) {
    return tf.nn.softmax(tf.math.div(logits, tf.constant(temperature)));
  }

  /**
   * One-hot encoding of labels.
   *
   * @param tf the scope to build in
   * @param labels int32 [batch]
   * @param classes the number of classes
   * @return float32 [batch, classes] of 0 and 1
   */
  public static Operand<TFloat32> oneHot(Ops tf, Operand<TInt32> labels, int classes) {
    return tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
  }

  /**
   * Which teachers classify each example correctly: argmax of the teacher's logits equals the
   * label (ties go to the lower class index, as argmax does). Not differentiable.
   *
   * @param tf the scope to build in
   * @param teacherLogits float32 [batch, teachers, classes]
   * @param labels int32 [batch]
   * @return float32 [batch, teachers] of 0 and 1
   */
  public static Operand<TFloat32> teacherCorrect(
      Ops tf, Operand<TFloat32> teacherLogits, Operand<TInt32> labels) {
    Operand<TInt32> predicted = tf.math.argMax(teacherLogits, tf.constant(-1), TInt32.class);
    Operand<TInt32> expanded = tf.expandDims(labels, tf.constant(-1));
    return tf.dtypes.cast(tf.math.equal(predicted, expanded), TFloat32.class);
  }

  /**
   * The mean of all teachers' softened probabilities: the target of plain ensemble distillation.
   *
   * @param tf the scope to build in
   * @param teacherLogits float32 [batch, teachers, classes], at least one teacher
   * @param temperature T, positive
   * @return float32 [batch, classes]
   */
  public static Operand<TFloat32> ensembleTarget(
      Ops tf, Operand<TFloat32> teacherLogits, float temperature) {
    return tf.math.mean(softened(tf, teacherLogits, temperature), tf.constant(1));
  }
}
