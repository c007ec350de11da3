package io.kdas.runtime.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.op.OperationCost;
import io.kdas.proto.BudgetSpec;
import io.kdas.runtime.spec.SpecDefaults;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

  private static MemoryBudget budget(String measure, long limit, String mode) {
    return new MemoryBudget(SpecDefaults.fill(BudgetSpec.newBuilder().setMeasure(BudgetSpec.Measure.valueOf(measure.toUpperCase()))
        .setLimit(limit).setMode(BudgetSpec.Mode.valueOf(mode.toUpperCase())).build()));
  }

  private final OperationCost small = new OperationCost(1000, 100, 50_000); // 4,400 bytes
  private final OperationCost large = new OperationCost(2000, 200, 90_000); // 8,800 bytes

  @Test
  void hardLimitRejectsAboveAndKeepsAccuracyBelow() {
    MemoryBudget b = budget("bytes", 5000, "hard");
    assertTrue(b.admits(small));
    assertFalse(b.admits(large));
    assertEquals(0.8, b.reward(0.8, small));
    assertEquals(0.0, b.reward(0.8, large));
  }

  @Test
  void softLimitPenalizesSizeAboveTheLimit() {
    MemoryBudget b = budget("parameters", 1000, "soft");
    assertTrue(b.admits(large));
    assertEquals(0.8, b.reward(0.8, small));
    assertEquals(0.8 * Math.pow(2.0, -0.07), b.reward(0.8, large), 1e-6);
  }

  @Test
  void measuresAndNoLimit() {
    assertEquals(4400, budget("bytes", 1, "hard").size(small));
    assertEquals(1000, budget("parameters", 1, "hard").size(small));
    assertEquals(50_000, budget("flops", 1, "hard").size(small));
    MemoryBudget none = budget("bytes", 0, "hard");
    assertTrue(none.admits(large));
    assertEquals(0.5, none.reward(0.5, large));
    assertEquals("none", none.describe());
  }
}
