package io.kdas.plugins.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.OperationCost;
import io.kdas.api.param.ParameterSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost formulas of the built-in operations, computed by hand. */
class OperationCostTest {

  private static final FeatureShape EIGHT = new FeatureShape(8, 8, 4);
  private static final FeatureShape ODD = new FeatureShape(7, 5, 3);

  @Test
  void sepConv3x3() {
    // depthwise 3*3*4 = 36 weights, pointwise 4*8 = 32, batch norm 2*8 + 2*8 state;
    // per output position 36 + 32 multiply-accumulates, 8*8 positions.
    assertEquals(new OperationCost(36 + 32 + 16, 16, 8 * 8 * 36 + 8 * 8 * 32),
        cost(new SepConv3x3OperationPlugin(), EIGHT, 8, 1));
    assertEquals(new OperationCost(36 + 32 + 16, 16, 4 * 4 * 36 + 4 * 4 * 32),
        cost(new SepConv3x3OperationPlugin(), EIGHT, 8, 2));
  }

  @Test
  void sepConv5x5() {
    // 7x5x3 at stride 2 is 4x3: depthwise 25*3 = 75, pointwise 3*4 = 12, batch norm 8 + 8; the
    // pointwise convolution computes on 4 channels (a zero channel pads an odd count).
    assertEquals(new OperationCost(75 + 12 + 8, 8, 4 * 3 * (75 + 16)),
        cost(new SepConv5x5OperationPlugin(), ODD, 4, 2));
  }

  @Test
  void convolutions() {
    assertEquals(new OperationCost(9 * 4 * 8 + 16, 16, 4 * 4 * 9 * 4 * 8),
        cost(new Conv3x3OperationPlugin(), EIGHT, 8, 2));
    assertEquals(new OperationCost(25 * 3 * 4 + 8, 8, 7 * 5 * 25 * 4 * 4), // 3 channels padded to 4
        cost(new Conv5x5OperationPlugin(), ODD, 4, 1));
  }

  @Test
  void dilatedConvolution() {
    // As sep-conv-3x3 on even sizes and at stride 2.
    assertEquals(cost(new SepConv3x3OperationPlugin(), EIGHT, 8, 1),
        cost(new DilConv3x3OperationPlugin(), EIGHT, 8, 1));
    assertEquals(cost(new SepConv3x3OperationPlugin(), ODD, 8, 2),
        cost(new DilConv3x3OperationPlugin(), ODD, 8, 2));
    // At stride 1 on 7x5 the depthwise part runs on the map padded to 8x6.
    assertEquals(new OperationCost(27 + 12 + 8, 8, 8 * 6 * 27 + 7 * 5 * 16),
        cost(new DilConv3x3OperationPlugin(), ODD, 4, 1));
  }

  @Test
  void poolsCostNothingUnlessTheyProject() {
    for (CandidateOperationPlugin pool :
        List.of(new MaxPool3x3OperationPlugin(), new AvgPool3x3OperationPlugin())) {
      assertEquals(OperationCost.ZERO, cost(pool, EIGHT, 4, 1));
      assertEquals(OperationCost.ZERO, cost(pool, EIGHT, 4, 2));
      // 1x1 projection 4 -> 8 on the pooled 4x4 map, batch norm.
      assertEquals(new OperationCost(32 + 16, 16, 4 * 4 * 32), cost(pool, EIGHT, 8, 2));
    }
  }

  @Test
  void identityIsFreeUnlessItReduces() {
    CandidateOperationPlugin identity = new IdentityOperationPlugin();
    assertEquals(OperationCost.ZERO, cost(identity, EIGHT, 4, 1));
    assertEquals(new OperationCost(16 + 8, 8, 4 * 4 * 16), cost(identity, EIGHT, 4, 2));
    assertEquals(new OperationCost(32 + 16, 16, 8 * 8 * 32), cost(identity, EIGHT, 8, 1));
  }

  @Test
  void zeroIsFree() {
    assertEquals(OperationCost.ZERO, cost(new ZeroOperationPlugin(), EIGHT, 16, 2));
  }

  @Test
  void everyPluginHasNoParametersAndRefusesBadArguments() {
    for (CandidateOperationPlugin plugin : BuiltIns.ALL) {
      assertEquals(ParameterSchema.empty().specs(), plugin.parameters().specs());
      CandidateOperation op = plugin.create(plugin.parameters().defaults());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> op.cost(EIGHT, 4, 3));
      assertTrue(e.getMessage().startsWith(plugin.name() + ": stride"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> op.cost(EIGHT, 0, 1));
    }
  }

  private static OperationCost cost(
      CandidateOperationPlugin plugin, FeatureShape input, int outChannels, int stride) {
    return plugin.create(plugin.parameters().defaults()).cost(input, outChannels, stride);
  }
}
