package io.kdas.runtime.train;

import io.kdas.proto.LearningRateSpec;

/** The learning rate at each step: optional linear warm-up, then cosine or step decay. */
public final class LearningRateSchedule {

  private final LearningRateSpec spec;
  private final int epochs;
  private final int stepsPerEpoch;

  public LearningRateSchedule(LearningRateSpec spec, int epochs, int stepsPerEpoch) {
    this.spec = spec;
    this.epochs = epochs;
    this.stepsPerEpoch = Math.max(1, stepsPerEpoch);
  }

  /** The rate for a step of an epoch (both from 0). */
  public float at(int epoch, int step) {
    double t = epoch + (double) step / stepsPerEpoch; // progress in epochs
    double base = spec.getInitial();
    if (t < spec.getWarmupEpochs()) {
      double f = t / spec.getWarmupEpochs();
      return (float) (base * (0.1 + 0.9 * f));
    }
    return (float) switch (spec.getScheduleCase()) {
      case STEP -> {
        double rate = base;
        for (int boundary : spec.getStep().getBoundaryList()) {
          if (epoch >= boundary) {
            rate *= spec.getStep().getFactor();
          }
        }
        yield rate;
      }
      case COSINE, SCHEDULE_NOT_SET -> {
        double floor = base * spec.getCosine().getFinalFraction();
        double span = Math.max(1e-9, epochs - spec.getWarmupEpochs());
        double progress = Math.min(1, (t - spec.getWarmupEpochs()) / span);
        yield floor + (base - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
      }
    };
  }
}
