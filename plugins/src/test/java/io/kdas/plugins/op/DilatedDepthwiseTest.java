package io.kdas.plugins.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kdas.api.op.FeatureShape;
import io.kdas.api.testing.GraphMacs;
import io.kdas.api.testing.RecordingLayerContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;

/**
 * The dilated depthwise convolution built from undilated ops computes what TensorFlow's dilated
 * {@code DepthwiseConv2dNative} computes (whose forward pass is right; its gradient is not, which
 * the conformance kit's finite-difference check shows), on even and odd sizes.
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
      RecordingLayerContext context = RecordingLayerContext.create(g, 3, false);
      Operand<TFloat32> ours = DilatedDepthwise.build(context, "w", x, kernel, stride, dilation);
      Operand<TFloat32> native_ = tf.nn.depthwiseConv2dNative(x, context.variables().get("w"),
          List.of(1L, (long) stride, (long) stride, 1L), "SAME",
          DepthwiseConv2dNative.dilations(List.of(1L, (long) dilation, (long) dilation, 1L)));
      assertEquals(native_.shape(), ours.shape(), what);
      try (Result r = s.runner().fetch(ours).fetch(native_).run()) {
        assertArrayEquals(values((TFloat32) r.get(1)), values((TFloat32) r.get(0)), 1e-5f, what);
      }
    }
    try (Graph g = new Graph()) {
      Operand<TFloat32> x = Ops.create(g).zeros(Ops.create(g).constant(input), TFloat32.class);
      DilatedDepthwise.build(RecordingLayerContext.create(g, 3, false), "w", x, kernel, stride,
          dilation);
      assertEquals(
          DilatedDepthwise.cost(new FeatureShape(h, w, 3), kernel, stride, dilation).flops(),
          GraphMacs.perExample(g, 2), what + ": multiply-accumulates");
    }
  }

  private static float[] values(TFloat32 t) {
    float[] v = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(v, false, false));
    return v;
  }
}
