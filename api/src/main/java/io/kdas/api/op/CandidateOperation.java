package io.kdas.api.op;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A configured candidate operation of an add-on layer. Stateless: all state lives in the variables
 * it asks the {@link LayerContext} for, so the same instance may build into many graphs.
 */
public interface CandidateOperation {

  /**
   * Adds the operation to the graph.
   *
   * @param context a scope of this operation's own (the runtime gives every candidate of a layer
   *     a separate one); create variables and batch norms only through it
   * @param input float32 NHWC [batch, height, width, channels] with known height, width and
   *     channels
   * @param outChannels channels of the output
   * @param stride 1 or 2; the output is ceil(height / stride) x ceil(width / stride)
   * @return float32 NHWC [batch, ceil(h/stride), ceil(w/stride), outChannels]
   */
  Operand<TFloat32> build(
      LayerContext context, Operand<TFloat32> input, int outChannels, int stride);

  /**
   * What {@link #build} creates for this input, without building: must equal the variables it
   * creates and the multiply-accumulates of its convolutions and dense layers.
   */
  OperationCost cost(FeatureShape input, int outChannels, int stride);
}
