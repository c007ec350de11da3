package com.example.kdas;

import com.google.auto.service.AutoService;
import io.kdas.api.Spi;
import io.kdas.api.loss.DistillationInputs;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.loss.DistillationLossPlugin;
import io.kdas.api.loss.LossMath;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.ParameterSpec;
import io.kdas.api.param.PluginParameters;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * {@code confidence-weighted-kd}: imitate every teacher, each weighted by the probability it gives
 * the true label, so that confident correct teachers count most.
 */
@AutoService(DistillationLossPlugin.class)
public final class ConfidenceWeightedKdPlugin implements DistillationLossPlugin {

  @Override
  public String name() {
    return "confidence-weighted-kd";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public int spiVersion() {
    return Spi.VERSION;
  }

  @Override
  public String description() {
    return "imitate all teachers, weighted by their probability of the true label";
  }

  @Override
  public ParameterSchema parameters() {
    return ParameterSchema.of(
        ParameterSpec.number("temperature", 4, 0.05, 100, "softmax temperature of the targets"),
        ParameterSpec.number("alpha", 0.9, 0, 1, "weight of the distillation term"));
  }

  @Override
  public DistillationLoss create(PluginParameters p) {
    float temperature = (float) p.number("temperature");
    float alpha = (float) p.number("alpha");
    return new DistillationLoss() {
      @Override
      public Operand<TFloat32> perExampleLoss(Ops tf, DistillationInputs in) {
        Operand<TFloat32> teachers = tf.stopGradient(in.teacherLogits()); // [B, K, C]
        Operand<TFloat32> oneHot = LossMath.oneHot(tf, in.labels(), in.classes()); // [B, C]
        Operand<TFloat32> labelProbability = tf.reduceSum( // [B, K]
            tf.math.mul(tf.nn.softmax(teachers), tf.expandDims(oneHot, tf.constant(1))),
            tf.constant(-1));
        Operand<TFloat32> weights = tf.math.div(labelProbability, tf.math.add(
            tf.reduceSum(labelProbability, tf.constant(1), ReduceSum.keepDims(true)),
            tf.constant(1e-8f)));
        Operand<TFloat32> target = tf.reduceSum(tf.math.mul(tf.expandDims(weights,
            tf.constant(-1)), LossMath.softened(tf, teachers, temperature)), tf.constant(1));
        Operand<TFloat32> kd = LossMath.softenedKl(tf, target, in.studentLogits(), temperature);
        Operand<TFloat32> ce = LossMath.crossEntropy(tf, in.studentLogits(), in.labels(),
            in.classes());
        return tf.math.add(tf.math.mul(tf.constant(alpha), kd),
            tf.math.mul(tf.constant(1 - alpha), ce));
      }

      @Override
      public boolean usesTeachers() {
        return true;
      }
    };
  }
}
