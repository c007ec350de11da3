package io.kdas.plugins.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kdas.api.op.CandidateOperation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** The pools: 3x3 "SAME" max and average (of the positions inside the map). */
class PoolOperationTest {

  private static final CandidateOperation MAX = BuiltIns.create(new MaxPool3x3OperationPlugin());
  private static final CandidateOperation AVG = BuiltIns.create(new AvgPool3x3OperationPlugin());
  private static final Shape INPUT = Shape.of(2, 5, 4, 3);

  @Test
  void maxAndAveragePoolPoolTheThreeByThreeWindowInsideTheMap() {
    float[] x = OperationRunner.random(INPUT, 4);
    for (int stride : new int[] {1, 2}) {
      OperationRunner.Run max = OperationRunner.run(MAX, INPUT, x, 3, stride);
      OperationRunner.Run avg = OperationRunner.run(AVG, INPUT, x, 3, stride);
      int h = (5 + stride - 1) / stride;
      int w = (4 + stride - 1) / stride;
      assertEquals(Shape.of(2, h, w, 3), max.shape());
      assertEquals(Shape.of(2, h, w, 3), avg.shape());
      for (int b = 0; b < 2; b++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            for (int c = 0; c < 3; c++) {
              float[] window = window(x, b, i, j, c, stride);
              int at = ((b * h + i) * w + j) * 3 + c;
              float m = Float.NEGATIVE_INFINITY;
              double sum = 0;
              for (float v : window) {
                m = Math.max(m, v);
                sum += v;
              }
              assertEquals(m, max.output()[at], 0f);
              assertEquals(sum / window.length, avg.output()[at], 1e-5);
            }
          }
        }
      }
      assertFalse(Arrays.equals(max.output(), avg.output()), "max and average pool differ");
      assertEquals(0, max.variables().size());
    }
  }

  @Test
  void projectsWithOneByOneConvolutionAndBatchNormWhenTheChannelsChange() {
    OperationRunner.Run run =
        OperationRunner.run(MAX, INPUT, OperationRunner.random(INPUT, 5), 8, 2);
    assertEquals(Shape.of(2, 3, 2, 8), run.shape());
    List<String> compute = run.opTypes().stream()
        .filter(t -> List.of("MaxPoolV2", "Relu", "Conv2D", "FusedBatchNormV3").contains(t))
        .toList();
    assertEquals(List.of("MaxPoolV2", "Conv2D", "FusedBatchNormV3"), compute);
    assertEquals(Shape.of(1, 1, 3, 8),
        run.variables().get("max-pool-3x3/conv"));
  }

  /** The values of the "SAME" 3x3 window of output (i, j) inside the 5x4 map. */
  private static float[] window(float[] x, int b, int i, int j, int c, int stride) {
    // "SAME" pads max((out - 1) * stride + 3 - size, 0) in total, the smaller half before.
    int padTop = Math.max((((5 + stride - 1) / stride) - 1) * stride + 3 - 5, 0) / 2;
    int padLeft = Math.max((((4 + stride - 1) / stride) - 1) * stride + 3 - 4, 0) / 2;
    float[] values = new float[9];
    int n = 0;
    for (int di = 0; di < 3; di++) {
      for (int dj = 0; dj < 3; dj++) {
        int r = i * stride - padTop + di;
        int q = j * stride - padLeft + dj;
        if (r >= 0 && r < 5 && q >= 0 && q < 4) {
          values[n++] = x[((b * 5 + r) * 4 + q) * 3 + c];
        }
      }
    }
    return Arrays.copyOf(values, n);
  }
}
