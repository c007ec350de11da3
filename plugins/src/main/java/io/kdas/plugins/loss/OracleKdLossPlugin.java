package io.kdas.plugins.loss;

import com.google.auto.service.AutoService;
import io.kdas.api.Spi;
import io.kdas.api.loss.DistillationInputs;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.loss.DistillationLossPlugin;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.ParameterSpec;
import io.kdas.api.param.PluginParameters;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code oracle-kd}: per example, imitate only the teachers that classify it correctly (Kang, Mun
 * and Han, AAAI 2020); fall back to cross-entropy, or to ensemble-kd, where none does.
 */
@AutoService(DistillationLossPlugin.class)
public final class OracleKdLossPlugin implements DistillationLossPlugin {

  private static final ParameterSpec COMBINATION =
      ParameterSpec.choice("combination", OracleCombination.MEAN_PROBABILITIES.word(),
          OracleCombination.words(), "how the correct teachers' predictions are combined");
  private static final ParameterSpec FALLBACK =
      ParameterSpec.choice("fallback", "cross-entropy", List.of("cross-entropy", "ensemble-kd"),
          "the loss of an example that no teacher classifies correctly");

  @Override
  public String name() {
    return "oracle-kd";
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
    return "imitate only the teachers that are right on each example (oracle KD)";
  }

  @Override
  public ParameterSchema parameters() {
    return ParameterSchema.of(
        LossParameters.TEMPERATURE, LossParameters.ALPHA, COMBINATION, FALLBACK);
  }

  @Override
  public DistillationLoss create(PluginParameters p) {
    float temperature = (float) p.number("temperature");
    float alpha = (float) p.number("alpha");
    OracleCombination combination = OracleCombination.of(p.choice("combination"));
    boolean ensembleFallback = p.choice("fallback").equals("ensemble-kd");
    return new DistillationLoss() {
      @Override
      public Operand<TFloat32> perExampleLoss(Ops tf, DistillationInputs in) {
        return DistillationMath.oracleKd(tf, in.studentLogits(), in.teacherLogits(), in.labels(),
            in.classes(), temperature, alpha, combination, ensembleFallback);
      }

      @Override
      public boolean usesTeachers() {
        return true;
      }
    };
  }
}
