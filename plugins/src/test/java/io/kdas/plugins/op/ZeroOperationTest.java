package io.kdas.plugins.op;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kdas.api.op.CandidateOperation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** zero outputs zeros of the output shape for any batch size and any input values. */
class ZeroOperationTest {

  private static final CandidateOperation ZERO = BuiltIns.create(new ZeroOperationPlugin());

  @Test
  void outputsZerosOfTheOutputShapeWithTheRunTimeBatchSize() {
    Shape input = Shape.of(3, 7, 5, 4);
    float[] x = OperationRunner.random(input, 3);
    x[0] = Float.NaN; // does not leak through, unlike x * 0
    x[1] = Float.POSITIVE_INFINITY;
    OperationRunner.Run run = OperationRunner.run(ZERO, input, x, 6, 2);
    assertEquals(Shape.of(3, 4, 3, 6), run.shape());
    assertEquals("[-1, 4, 3, 6]", run.staticShape().toString());
    float[] zeros = new float[3 * 4 * 3 * 6];
    assertEquals(Arrays.toString(zeros), Arrays.toString(run.output()));
    assertEquals(0, run.variables().size());
  }
}
