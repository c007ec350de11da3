package io.kdas.plugins.op;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.OperationCost;
import io.kdas.testkit.PluginConformance;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The kit that passes the built-ins can fail: a conv-3x3 whose cost is off by one in each field is
 * caught, so the passing run of {@link BuiltInOperationsConformanceTest} means something.
 */
class ConformanceKitCatchesTest {

  private static final CandidateOperation CONV = BuiltIns.create(new Conv3x3OperationPlugin());

  @Test
  void theHonestCostPasses() {
    PluginConformance.assertOperationConforms(new OffBy(OperationCost.ZERO));
  }

  @Test
  void aCostOffByOneIsCaught() {
    assertCaught(new OperationCost(1, 0, 0), "cost().parameters()");
    assertCaught(new OperationCost(0, 1, 0), "cost().stateScalars()");
    assertCaught(new OperationCost(0, 0, -1), "cost().flops()");
  }

  private static void assertCaught(OperationCost error, String expected) {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> PluginConformance.assertOperationConforms(new OffBy(error)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  /** conv-3x3 with {@code error} added to its cost. */
  private record OffBy(OperationCost error) implements CandidateOperation {
    @Override
    public Operand<TFloat32> build(
        LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
      return CONV.build(context, input, outChannels, stride);
    }

    @Override
    public OperationCost cost(FeatureShape input, int outChannels, int stride) {
      return CONV.cost(input, outChannels, stride).plus(error);
    }
  }
}
