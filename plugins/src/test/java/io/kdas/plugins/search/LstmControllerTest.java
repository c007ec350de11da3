package io.kdas.plugins.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.search.SearchSpace;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The controller's backpropagation through time against central finite differences. */
class LstmControllerTest {

  private static final SearchSpace SPACE = new SearchSpace(2, List.of("a", "b", "c"), 2);

  @ParameterizedTest(name = "advantage {0}, entropy weight {1}, tanh constant {2}")
  @CsvSource({"0.7, 0.0, 2.5", "-1.3, 0.0, 2.5", "0.4, 0.3, 2.5", "0.9, 0.05, 0", "0, 1, 1.5"})
  void gradientMatchesFiniteDifferences(double advantage, double entropyWeight, double tanh) {
    LstmController c = new LstmController(new SpaceCodec(SPACE), 5, 1.7, tanh);
    // Larger weights than the initializer's so that every term is far from linear.
    SplitMix64 rng = new SplitMix64(11);
    double[] theta = c.parameters();
    for (int i = 0; i < theta.length; i++) {
      theta[i] = rng.nextDouble(-0.8, 0.8);
    }
    int[] decisions = c.sample(new SplitMix64(5));
    double[] analytic = new double[theta.length];
    c.accumulateGradient(decisions, advantage, entropyWeight, analytic);

    double eps = 1e-6;
    double worst = 0;
    double norm = 0;
    for (int i = 0; i < theta.length; i++) {
      double keep = theta[i];
      theta[i] = keep + eps;
      double plus = c.loss(decisions, advantage, entropyWeight);
      theta[i] = keep - eps;
      double minus = c.loss(decisions, advantage, entropyWeight);
      theta[i] = keep;
      double numeric = (plus - minus) / (2 * eps);
      worst = Math.max(worst, Math.abs(numeric - analytic[i]));
      norm = Math.max(norm, Math.abs(numeric));
    }
    assertTrue(norm > 1e-3, "the loss should depend on the parameters");
    assertTrue(worst < 1e-7 * Math.max(1, norm),
        "largest difference between analytic and numeric gradient: " + worst + " (max |g| " + norm
            + ")");
  }

  @Test
  void gradientAccumulatesAndEveryParameterGroupIsReached() {
    LstmController c = new LstmController(new SpaceCodec(SPACE), 4, 5, 2.5);
    c.initialize(new SplitMix64(3));
    int[] d = c.sample(new SplitMix64(4));
    double[] once = new double[c.parameters().length];
    c.accumulateGradient(d, 1.0, 0.1, once);
    double[] twice = once.clone();
    c.accumulateGradient(d, 1.0, 0.1, twice);
    for (int i = 0; i < once.length; i++) {
      assertEquals(2 * once[i], twice[i], 1e-12, "accumulated gradient " + i);
    }
    // g (first H entries), W, b: all non-zero somewhere.
    assertTrue(anyNonZero(once, 0, 4), "gradient of the first input g");
    assertTrue(anyNonZero(once, 4, 4 + 8 * 16), "gradient of the LSTM weights");
    assertTrue(anyNonZero(once, 4 + 8 * 16, 4 + 8 * 16 + 16), "gradient of the LSTM bias");
  }

  @Test
  void probabilitiesAreNormalizedAndBoundedByTheTanhConstant() {
    LstmController c = new LstmController(new SpaceCodec(SPACE), 6, 1, 2.5);
    double[] theta = c.parameters();
    SplitMix64 rng = new SplitMix64(9);
    for (int i = 0; i < theta.length; i++) {
      theta[i] = rng.nextDouble(-30, 30); // saturate every logit
    }
    double[][] p = c.probabilities(c.greedy());
    for (double[] step : p) {
      double sum = 0;
      for (double q : step) {
        sum += q;
        // logits lie in [-2.5, 2.5]: no probability beyond e^2.5 / (e^2.5 + (n-1) e^-2.5)
        double cap = Math.exp(2.5) / (Math.exp(2.5) + (step.length - 1) * Math.exp(-2.5));
        assertTrue(q <= cap + 1e-12, "probability " + q + " above the cap " + cap);
      }
      assertEquals(1, sum, 1e-12);
    }
    assertArrayEquals(c.greedy(), c.greedy());
  }

  private static boolean anyNonZero(double[] g, int from, int to) {
    for (int i = from; i < to; i++) {
      if (g[i] != 0) {
        return true;
      }
    }
    return false;
  }
}
