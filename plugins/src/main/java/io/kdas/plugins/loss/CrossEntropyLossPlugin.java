package io.kdas.plugins.loss;

import com.google.auto.service.AutoService;
import io.kdas.api.Spi;
import io.kdas.api.loss.DistillationInputs;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.loss.DistillationLossPlugin;
import io.kdas.api.loss.LossMath;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.PluginParameters;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** {@code cross-entropy}: the plain supervised baseline; ignores the teachers. */
@AutoService(DistillationLossPlugin.class)
public final class CrossEntropyLossPlugin implements DistillationLossPlugin {

  @Override
  public String name() {
    return "cross-entropy";
  }

  @Override
  public String version() {
    return "1.0";
  }

  @Override
  public int spiVersion() {
    return Spi.VERSION;
  }

  @Override
  public String description() {
    return "cross-entropy on the true labels (no teachers)";
  }

  @Override
  public ParameterSchema parameters() {
    return ParameterSchema.empty();
  }

  @Override
  public DistillationLoss create(PluginParameters parameters) {
    return new DistillationLoss() {
      @Override
      public Operand<TFloat32> perExampleLoss(Ops tf, DistillationInputs in) {
        return LossMath.crossEntropy(tf, in.studentLogits(), in.labels(), in.classes());
      }

      @Override
      public boolean usesTeachers() {
        return false;
      }
    };
  }
}
