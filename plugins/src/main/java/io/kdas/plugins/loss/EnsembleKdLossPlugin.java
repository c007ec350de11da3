package io.kdas.plugins.loss;

import com.google.auto.service.AutoService;
import io.kdas.api.Spi;
import io.kdas.api.loss.DistillationInputs;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.loss.DistillationLossPlugin;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.PluginParameters;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** {@code ensemble-kd}: imitate the averaged ensemble (Hinton et al. 2015). */
@AutoService(DistillationLossPlugin.class)
public final class EnsembleKdLossPlugin implements DistillationLossPlugin {

  @Override
  public String name() {
    return "ensemble-kd";
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
    return "imitate the mean softened prediction of all teachers, mixed with cross-entropy";
  }

  @Override
  public ParameterSchema parameters() {
    return ParameterSchema.of(LossParameters.TEMPERATURE, LossParameters.ALPHA);
  }

  @Override
  public DistillationLoss create(PluginParameters p) {
    float temperature = (float) p.number("temperature");
    float alpha = (float) p.number("alpha");
    return new DistillationLoss() {
      @Override
      public Operand<TFloat32> perExampleLoss(Ops tf, DistillationInputs in) {
        return DistillationMath.ensembleKd(tf, in.studentLogits(), in.teacherLogits(),
            in.labels(), in.classes(), temperature, alpha);
      }

      @Override
      public boolean usesTeachers() {
        return true;
      }
    };
  }
}
