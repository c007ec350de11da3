package io.kdas.plugins.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kdas.api.op.FeatureShape;
import io.kdas.layers.GraphLayerContext;
import io.kdas.layers.VariableStore;
import io.kdas.testkit.GraphMacs;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The dilated depthwise convolution built from undilated ops computes the "SAME"-padded dilated
 * depthwise convolution, on even and odd sizes. The reference is a direct loop in Java: TensorFlow's
 * own dilated {@code DepthwiseConv2dNative} has a wrong gradient everywhere and no CPU kernel at
 * all without oneDNN (CPUs without AVX-512), so it cannot serve as the reference on every machine.
 */
class DilatedDepthwiseTest {

  @Test
  void equalsTheNativeDilatedConvolution() {
    for (int[] size : List.of(new int[] {8, 8}, new int[] {7, 5}, new int[] {5, 6},
        new int[] {2, 3}, new int[] {1, 1})) {
      for (int kernel : new int[] {3, 5}) {
        for (int dilation : new int[] {2, 3}) {
          for (int stride : new int[] {1, dilation}) {
            assertSameAsNative(size[0], size[1], kernel, dilation, stride);
          }
        }
      }
    }
  }

  @Test
  void refusesStridesOtherThanOneAndTheDilation() {
    assertThrows(IllegalArgumentException.class,
        () -> DilatedDepthwise.cost(new FeatureShape(8, 8, 2), 3, 2, 3));
  }

  private static void assertSameAsNative(int h, int w, int kernel, int dilation, int stride) {
    String what = h + "x" + w + ", kernel " + kernel + ", dilation " + dilation + ", stride "
        + stride;
    Shape input = Shape.of(2, h, w, 3);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(input,
          DataBuffers.of(OperationRunner.random(input, h * 100 + w), true, false));
      VariableStore store = VariableStore.seeded(g, 3);
      Operand<TFloat32> ours = DilatedDepthwise.build(
          GraphLayerContext.root(tf.withSubScope("eval"), store, false), "w", x, kernel, stride,
          dilation);
      int outH = (h + stride - 1) / stride;
      int outW = (w + stride - 1) / stride;
      assertEquals(Shape.of(2, outH, outW, 3), ours.shape(), what);
      try (Result r = s.runner().fetch(ours).fetch(x).fetch(store.all().get("w")).run()) {
        float[] expected = reference(values((TFloat32) r.get(1)), values((TFloat32) r.get(2)), h,
            w, kernel, dilation, stride);
        assertArrayEquals(expected, values((TFloat32) r.get(0)), 1e-5f, what);
      }
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.zeros(tf.constant(input), TFloat32.class);
      DilatedDepthwise.build(GraphLayerContext.root(tf.withSubScope("eval"),
          VariableStore.seeded(g, 3), false), "w", x, kernel, stride, dilation);
      assertEquals(
          DilatedDepthwise.cost(new FeatureShape(h, w, 3), kernel, stride, dilation).flops(),
          GraphMacs.perExample(g, 2), what + ": multiply-accumulates");
    }
  }

  /** SAME-padded dilated depthwise convolution of NHWC [2, h, w, 3] by [k, k, 3, 1], directly. */
  private static float[] reference(float[] in, float[] weights, int h, int w, int k,
      int dilation, int stride) {
    int channels = 3;
    int span = (k - 1) * dilation + 1;
    int outH = (h + stride - 1) / stride;
    int outW = (w + stride - 1) / stride;
    int top = Math.max((outH - 1) * stride + span - h, 0) / 2;
    int left = Math.max((outW - 1) * stride + span - w, 0) / 2;
    float[] out = new float[2 * outH * outW * channels];
    for (int b = 0; b < 2; b++) {
      for (int oy = 0; oy < outH; oy++) {
        for (int ox = 0; ox < outW; ox++) {
          for (int c = 0; c < channels; c++) {
            float sum = 0;
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int y = oy * stride - top + ky * dilation;
                int x = ox * stride - left + kx * dilation;
                if (y >= 0 && y < h && x >= 0 && x < w) {
                  sum += in[((b * h + y) * w + x) * channels + c]
                      * weights[(ky * k + kx) * channels + c];
                }
              }
            }
            out[((b * outH + oy) * outW + ox) * channels + c] = sum;
          }
        }
      }
    }
    return out;
  }

  private static float[] values(TFloat32 t) {
    float[] v = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(v, false, false));
    return v;
  }
}
