package io.kdas.plugins.op;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.OperationCost;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Zeros of the output shape: "no connection", which lets a search switch a layer or an edge off.
 * The zeros are filled to [batch, ceil(H / s), ceil(W / s), C_out] with the batch size read from
 * the input at run time, so the op builds on an unknown batch size and its output has the static
 * shape [-1, ceil(H / s), ceil(W / s), C_out]. Unlike DARTS's {@code x * 0}, the output does not
 * depend on the input's values (a NaN or infinity in the input does not leak through) and no
 * gradient flows back to the input ({@code Graph.addGradients} reports none).
 *
 * <p>No variables; cost zero.
 */
final class ZeroOperation implements CandidateOperation {

  private final String name;

  ZeroOperation(String name) {
    this.name = name;
  }

  @Override
  public Operand<TFloat32> build(
      LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
    BuildingBlocks.checkBuild(name, input, outChannels, stride);
    Ops tf = context.scope(name).tf();
    FeatureShape out = new FeatureShape((int) input.shape().get(1), (int) input.shape().get(2),
        (int) input.shape().get(3)).strided(stride, outChannels);
    Operand<TInt32> batch =
        tf.slice(tf.shape(input), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TInt32> dims = tf.concat(
        List.of(batch, tf.constant(new int[] {out.height(), out.width(), outChannels})),
        tf.constant(0));
    return tf.zeros(dims, TFloat32.class);
  }

  @Override
  public OperationCost cost(FeatureShape input, int outChannels, int stride) {
    BuildingBlocks.checkCost(name, outChannels, stride);
    return OperationCost.ZERO;
  }
}
