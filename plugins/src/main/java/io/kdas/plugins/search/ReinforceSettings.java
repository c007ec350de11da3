package io.kdas.plugins.search;

/**
 * The parameters of {@code reinforce}; see {@link ReinforcePlugin} for their meaning and defaults.
 */
record ReinforceSettings(
    int hiddenSize,
    double temperature,
    double tanhConstant,
    double learningRate,
    double entropyWeight,
    double baselineDecay,
    int batch,
    double failureReward) {

  void write(StateWriter w) {
    w.writeInt(hiddenSize).writeDouble(temperature).writeDouble(tanhConstant)
        .writeDouble(learningRate).writeDouble(entropyWeight).writeDouble(baselineDecay)
        .writeInt(batch).writeDouble(failureReward);
  }

  static ReinforceSettings read(StateReader r) {
    return new ReinforceSettings(r.readInt(), r.readDouble(), r.readDouble(), r.readDouble(),
        r.readDouble(), r.readDouble(), r.readInt(), r.readDouble());
  }
}
