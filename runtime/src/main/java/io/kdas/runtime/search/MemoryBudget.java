package io.kdas.runtime.search;

import io.kdas.api.op.OperationCost;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.BudgetSpec;

/**
 * The search's constraint on model size and how it shapes the reward: a hard limit rejects
 * children above it; a soft one multiplies their accuracy by (size / limit)^exponent.
 */
public final class MemoryBudget {

  private final BudgetSpec spec;

  public MemoryBudget(BudgetSpec spec) {
    this.spec = spec;
  }

  /** The size that the budget limits, in the spec's measure. */
  public long size(OperationCost cost) {
    return switch (spec.getMeasure()) {
      case PARAMETERS -> cost.parameters();
      case FLOPS -> cost.flops();
      case BYTES -> cost.bytes();
    };
  }

  /** Whether a child of this cost may be trained at all. */
  public boolean admits(OperationCost cost) {
    return spec.getLimit() <= 0 || spec.getMode() != BudgetSpec.Mode.HARD || size(cost) <= spec.getLimit();
  }

  /** The reward of a child with this validation accuracy and cost. */
  public double reward(double accuracy, OperationCost cost) {
    if (spec.getLimit() <= 0 || size(cost) <= spec.getLimit()) {
      return accuracy;
    }
    if (spec.getMode() == BudgetSpec.Mode.HARD) {
      return 0;
    }
    return accuracy * Math.pow((double) size(cost) / spec.getLimit(), spec.getExponent());
  }

  /**
   * The result of a child scored with this validation accuracy: a failed trial when the reward
   * is not a finite number (a NaN must never rank as the best architecture).
   */
  public TrialResult result(double accuracy, OperationCost cost, double seconds) {
    double reward = reward(accuracy, cost);
    if (!Double.isFinite(reward) || !Double.isFinite(accuracy)) {
      return new TrialResult(Double.NaN, 0, cost.parameters(), cost.bytes(), seconds,
          "non-finite reward " + reward + " (validation accuracy " + accuracy + ", budget "
              + describe() + ")");
    }
    return new TrialResult(reward, accuracy, cost.parameters(), cost.bytes(), seconds, null);
  }

  /** The result told for a child over a hard budget: reward 0, not trained. */
  public TrialResult rejection(OperationCost cost) {
    return new TrialResult(0, 0, cost.parameters(), cost.bytes(), 0,
        OVER_BUDGET + describe());
  }

  /** Whether a result is a {@link #rejection} (the child was never trained). */
  public static boolean isRejection(TrialResult result) {
    return result.failed() && result.failure().startsWith(OVER_BUDGET);
  }

  private static final String OVER_BUDGET = "over budget ";

  /** e.g. "bytes <= 1,200,000 (hard)" or "none". */
  public String describe() {
    return spec.getLimit() <= 0 ? "none" : String.format("%s <= %,d (%s)",
        lower(spec.getMeasure()), spec.getLimit(), lower(spec.getMode()));
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT);
  }
}
