package io.kdas.plugins.search;

import io.kdas.api.search.TrialResult;

/** Argument and life-cycle checks shared by the built-in strategies. */
final class Strategies {

  private Strategies() {}

  static void checkStarted(SpaceCodec codec, String strategy) {
    if (codec == null) {
      throw new IllegalStateException("strategy '" + strategy + "' was not started");
    }
  }

  static void checkAsk(SpaceCodec codec, int count, String strategy) {
    checkStarted(codec, strategy);
    if (count < 1) {
      throw new IllegalArgumentException(
          "strategy '" + strategy + "': ask(count) needs count >= 1, got " + count);
    }
  }

  /** The reward of a trial for strategies that rank: failed or NaN trials rank last. */
  static double rankingReward(TrialResult result) {
    return result.failed() || Double.isNaN(result.reward())
        ? Double.NEGATIVE_INFINITY
        : result.reward();
  }
}
