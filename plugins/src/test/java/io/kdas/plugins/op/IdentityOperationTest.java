package io.kdas.plugins.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kdas.api.op.CandidateOperation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** identity is the input where the shape allows and a strided 1x1 reduction elsewhere. */
class IdentityOperationTest {

  private static final CandidateOperation IDENTITY =
      BuiltIns.create(new IdentityOperationPlugin());
  private static final Shape INPUT = Shape.of(3, 8, 8, 4);

  @Test
  void isExactlyTheInputAtStrideOneWithTheSameChannels() {
    float[] x = OperationRunner.random(INPUT, 1);
    OperationRunner.Run run = OperationRunner.run(IDENTITY, INPUT, x, 4, 1);
    assertEquals(List.of("Identity"), run.opTypes());
    assertArrayEquals(x, run.output(), 0f);
    assertEquals(0, run.variables().size());
  }

  @Test
  void reducesWithReluStridedOneByOneConvolutionAndBatchNormOtherwise() {
    float[] x = OperationRunner.random(INPUT, 2);
    OperationRunner.Run strided = OperationRunner.run(IDENTITY, INPUT, x, 4, 2);
    assertEquals(Shape.of(3, 4, 4, 4), strided.shape());
    assertReduction(strided, 4);
    OperationRunner.Run widened = OperationRunner.run(IDENTITY, INPUT, x, 8, 1);
    assertEquals(Shape.of(3, 8, 8, 8), widened.shape());
    assertReduction(widened, 8);
  }

  private static void assertReduction(OperationRunner.Run run, int outChannels) {
    List<String> compute = run.opTypes().stream()
        .filter(t -> List.of("Relu", "Conv2D", "FusedBatchNormV3", "Identity").contains(t))
        .toList();
    assertEquals(List.of("Relu", "Conv2D", "FusedBatchNormV3"), compute);
    assertEquals(List.of("identity/conv", "identity/bn/gamma", "identity/bn/beta",
        "identity/bn/moving_mean", "identity/bn/moving_variance"),
        List.copyOf(run.variables().keySet()));
    assertEquals(Shape.of(1, 1, 4, outChannels),
        run.variables().get("identity/conv"));
    assertFalse(run.isInput());
  }
}
