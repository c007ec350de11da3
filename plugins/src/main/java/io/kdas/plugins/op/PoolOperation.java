package io.kdas.plugins.op;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A "SAME" 3x3 max or average pool with the stride; when the output channels differ from the
 * input's, a 1x1 convolution and batch norm follow (a linear projection, like a ResNet projection
 * shortcut, after the pool so that it runs on the strided map). The average pool does not count
 * the padding (TensorFlow's "SAME" average, DARTS's {@code count_include_pad=False}), so border
 * outputs are not shrunk toward zero. No ReLU: max pooling commutes with it, and a pool of an
 * un-rectified input stays un-rectified like the output of the other operations.
 *
 * <p>Variables, in the sub-scope named after the operation, only with the projection: {@code
 * conv} [1, 1, C_in, C_out] and the batch norm {@code bn}. Cost on H x W x C_in, with H' =
 * ceil(H / s), W' = ceil(W / s): zero if C_out = C_in; otherwise parameters C_in C_out + 2 C_out,
 * state 2 C_out, multiply-accumulates H' W' C_in C_out. Pooling counts zero.
 */
final class PoolOperation implements CandidateOperation {

  /** Which pool. */
  enum Kind {
    MAX,
    AVERAGE
  }

  private static final int WINDOW = 3;

  private final String name;
  private final Kind kind;

  PoolOperation(String name, Kind kind) {
    this.name = name;
    this.kind = kind;
  }

  @Override
  public Operand<TFloat32> build(
      LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
    BuildingBlocks.checkBuild(name, input, outChannels, stride);
    LayerContext c = context.scope(name);
    Ops tf = c.tf();
    Operand<TFloat32> pooled = kind == Kind.MAX
        ? tf.nn.maxPool(input, tf.constant(new int[] {1, WINDOW, WINDOW, 1}),
            tf.constant(new int[] {1, stride, stride, 1}), "SAME")
        : tf.nn.avgPool(input, List.of(1L, (long) WINDOW, (long) WINDOW, 1L),
            List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    if (Layers.channels(input) == outChannels) {
      return pooled;
    }
    return BuildingBlocks.projection(c, pooled, outChannels, 1, false);
  }

  @Override
  public OperationCost cost(FeatureShape input, int outChannels, int stride) {
    BuildingBlocks.checkCost(name, outChannels, stride);
    if (input.channels() == outChannels) {
      return OperationCost.ZERO;
    }
    return BuildingBlocks.projectionCost(
        input.strided(stride, input.channels()), outChannels, 1);
  }
}
