package io.kdas.runtime.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.op.Layers;
import io.kdas.layers.GraphLayerContext;
import io.kdas.layers.VariableStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A strided 1x1 convolution (a ResNet shortcut) as {@code Layers.conv2d} builds it: the same
 * outputs as TensorFlow's strided convolution, and a filter gradient that oneDNN computes without
 * corrupting the heap (its strided form crashed the JVM within 30 steps for 8 input channels on
 * 16x16 maps on an AVX-512 CPU). Runs in the oneDNN test JVM (runtime/pom.xml).
 */
@Tag("onednn")
class StridedPointwiseConvolutionTest {

  @Test
  void matchesTheStridedConvolutionAndItsGradientRunsCleanUnderOneDnn() {
    Shape shape = Shape.of(64, 16, 16, 8);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      VariableStore store = VariableStore.seeded(graph, 1);
      var x = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      Operand<TFloat32> y =
          Layers.conv2d(GraphLayerContext.root(tf, store, true), "shortcut", x, 1, 16, 2, 1);
      Operand<TFloat32> strided = tf.nn.conv2d(x, store.trainable().get(0),
          List.of(1L, 2L, 2L, 1L), "SAME");
      Output<?>[] gradient = graph.addGradients(
          tf.reduceSum(tf.math.mul(y, y), tf.constant(new int[] {0, 1, 2, 3})).asOutput(),
          new Output<?>[] {store.trainable().get(0).asOutput()});
      Operand<TFloat32> difference = tf.reduceMax(tf.math.abs(tf.math.sub(y, strided)),
          tf.constant(new int[] {0, 1, 2, 3}));
      Operand<TFloat32> finite = tf.reduceSum(tf.dtypes.cast(tf.math.isFinite(
          (Operand<TFloat32>) gradient[0]), TFloat32.class), tf.constant(new int[] {0, 1, 2, 3}));
      Random random = new Random(2);
      float[] images = new float[(int) shape.size()];
      try (Session session = new Session(graph)) {
        for (int step = 0; step < 30; step++) {
          for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
          }
          try (TFloat32 in = TFloat32.tensorOf(shape, DataBuffers.of(images));
              Result r = session.runner().feed(x, in).fetch(difference).fetch(finite).run()) {
            float max = ((TFloat32) r.get(0)).getFloat();
            assertTrue(max < 1e-4f, "same outputs as the strided convolution: " + max);
            assertTrue(((TFloat32) r.get(1)).getFloat() == 8 * 16, "a finite filter gradient");
          }
        }
      }
    }
  }
}
