package io.kdas.plugins.loss;

import io.kdas.api.param.ParameterSpec;

/** The knobs shared by the distillation losses. */
final class LossParameters {

  static final ParameterSpec TEMPERATURE =
      ParameterSpec.number("temperature", 4, 0.05, 100, "softmax temperature T of the targets");
  static final ParameterSpec ALPHA =
      ParameterSpec.number(
          "alpha", 0.9, 0, 1, "weight of the distillation term; 1 - alpha weighs cross-entropy");

  private LossParameters() {}
}
