package io.kdas.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kdas.proto.CosineScheduleSpec;
import io.kdas.proto.LearningRateSpec;
import io.kdas.proto.StepScheduleSpec;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void cosineFallsFromInitialToFinalFraction() {
    LearningRateSchedule s = new LearningRateSchedule(LearningRateSpec.newBuilder()
        .setInitial(0.1f).setCosine(CosineScheduleSpec.newBuilder().setFinalFraction(0.1f))
        .build(), 10, 100);
    assertEquals(0.1, s.at(0, 0), 1e-7);
    assertEquals(0.1 * (0.1 + 0.9 * 0.5), s.at(5, 0), 1e-7);
    assertEquals(0.01, s.at(9, 100), 1e-7);
  }

  @Test
  void stepMultipliesAtEachBoundary() {
    LearningRateSchedule s = new LearningRateSchedule(LearningRateSpec.newBuilder()
        .setInitial(0.1f).setStep(StepScheduleSpec.newBuilder().addBoundary(3).addBoundary(6)
            .setFactor(0.5f)).build(), 10, 10);
    assertEquals(0.1, s.at(2, 9), 1e-7);
    assertEquals(0.05, s.at(3, 0), 1e-7);
    assertEquals(0.025, s.at(9, 0), 1e-7);
  }

  @Test
  void warmupRisesLinearlyFromATenth() {
    LearningRateSchedule s = new LearningRateSchedule(LearningRateSpec.newBuilder()
        .setInitial(0.2f).setWarmupEpochs(2).setStep(StepScheduleSpec.getDefaultInstance())
        .build(), 10, 10);
    assertEquals(0.02, s.at(0, 0), 1e-7);
    assertEquals(0.2 * (0.1 + 0.9 * 0.5), s.at(1, 0), 1e-7);
    assertEquals(0.2, s.at(2, 0), 1e-7);
  }
}
