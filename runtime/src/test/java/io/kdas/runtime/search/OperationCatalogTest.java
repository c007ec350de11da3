package io.kdas.runtime.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.PluginException;
import io.kdas.api.PluginRegistry;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Operations are built and differentiated when loaded, before any search starts. */
class OperationCatalogTest {

  @Test
  void loadsAndProbesThePapersOperations() {
    var ops = OperationCatalog.load(PluginRegistry.fromClassPath(),
        OperationCatalog.PAPER_OPERATIONS);
    assertEquals(OperationCatalog.PAPER_OPERATIONS, List.copyOf(ops.keySet()));
  }

  @Test
  void anOperationWithoutGradientIsRefusedNamingTheTensorFlowOp() {
    PluginException e = assertThrows(PluginException.class,
        () -> OperationCatalog.probe("weighted", new SparseCrossEntropyWeighted()));
    assertTrue(e.getMessage().startsWith("operation 'weighted' cannot be trained: "),
        e.getMessage());
    assertTrue(e.getMessage().contains("SparseSoftmaxCrossEntropyWithLogits"), e.getMessage());
  }

  @Test
  void anOperationCutOffFromItsWeightsIsRefused() {
    PluginException e = assertThrows(PluginException.class,
        () -> OperationCatalog.probe("frozen", new Frozen()));
    assertTrue(e.getMessage().matches("operation 'frozen': variable .* gets no gradient"),
        e.getMessage());
  }

  @Test
  void aWrongOutputShapeIsRefused() {
    PluginException e = assertThrows(PluginException.class,
        () -> OperationCatalog.probe("ignores-stride", new Frozen() {
          @Override
          public Operand<TFloat32> build(LayerContext c, Operand<TFloat32> x, int out, int s) {
            return Layers.conv2d(c, "conv", x, 1, out, 1, 1);
          }
        }));
    assertTrue(e.getMessage().contains("for stride 2; expected [2, 4, 4, 8]"), e.getMessage());
  }

  /** Scales a convolution by a per-example sparse cross-entropy, which has no gradient. */
  private static final class SparseCrossEntropyWeighted extends Frozen {
    @Override
    public Operand<TFloat32> build(LayerContext c, Operand<TFloat32> x, int out, int stride) {
      Ops tf = c.tf();
      Operand<TFloat32> y = Layers.conv2d(c, "conv", x, 1, out, stride, 1);
      Operand<TFloat32> logits = tf.reshape(y, tf.constant(new int[] {-1, out}));
      Operand<TInt32> labels = tf.zeros(tf.constant(new int[] {(int) (2 * (8 / stride)
          * (8 / stride))}), TInt32.class);
      Operand<TFloat32> loss = tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, labels).loss();
      return tf.math.mul(y, tf.reshape(loss, tf.constant(new int[] {2, 8 / stride, 8 / stride,
          1})));
    }
  }

  /** A convolution behind StopGradient: its weights can never learn. */
  private static class Frozen implements CandidateOperation {
    @Override
    public Operand<TFloat32> build(LayerContext c, Operand<TFloat32> x, int out, int stride) {
      return c.tf().stopGradient(Layers.conv2d(c, "conv", x, 1, out, stride, 1));
    }

    @Override
    public OperationCost cost(FeatureShape input, int outChannels, int stride) {
      return Layers.conv2dCost(input, 1, outChannels, stride);
    }
  }
}
