package io.kdas.api.op;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A configured candidate operation of an add-on layer, built by {@link
 * CandidateOperationPlugin#create} for one run and called from one thread at a time. Stateless:
 * all state lives in the variables it asks the {@link LayerContext} for, so the same instance
 * builds into many graphs (the probe when it is loaded, the training and evaluation towers of
 * every child, the shared model of a weight-sharing search, the exported model).
 */
public interface CandidateOperation {

  /**
   * Adds the operation to the graph. Build every op through {@code context.tf()} (or a {@link
   * LayerContext#scope} of it) and create variables and batch norms only through the context,
   * under names that are the same on every build: a second build in the same graph reuses the
   * variables. Add no random ops; initial values come from the context, seeded by the run.
   *
   * <p>TensorFlow's gradients of dilated convolutions ignore the dilation, so build dilated
   * convolutions from undilated ops (see {@link Layers#conv2d}); the conformance kit compares
   * gradients with finite differences to catch this kind of error.
   *
   * <p>When an operation is loaded, the runtime builds it on a [2, 8, 8, 4] input with 8 output
   * channels and strides 1 and 2 and refuses it with a {@code PluginException} naming the
   * operation if it throws, returns another shape or leaves a variable without a gradient. A
   * runtime exception later fails the trial when a child of an independent search is built (the
   * search goes on) and stops the run anywhere else.
   *
   * @param context a scope of this operation's own (the runtime gives every candidate of a layer
   *     a separate one, named after the operation); training or inference is {@link
   *     LayerContext#training()}
   * @param input float32 NHWC [batch, height, width, channels] with known height, width and
   *     channels; the batch size may be unknown (-1). In a shared-weight search's model it
   *     changes from step to step: the whole batch when the operation is the sampled child's,
   *     one row (whose output is dropped) when it is not
   * @param outChannels channels of the output (add-on layers keep the input's channel count)
   * @param stride 1 or 2 (add-on layers use 1); "SAME" padding
   * @return float32 NHWC [batch, ceil(height / stride), ceil(width / stride), outChannels]; an
   *     add-on layer adds it to its input
   */
  Operand<TFloat32> build(
      LayerContext context, Operand<TFloat32> input, int outChannels, int stride);

  /**
   * What {@link #build} creates for this input, without building anything. The runtime calls it
   * for every proposed child to apply the memory budget before training, so it must be cheap and
   * must not throw for an input that {@code build} accepts.
   *
   * @param input the shape of one example's input
   * @param outChannels as for {@link #build}
   * @param stride as for {@link #build}
   * @return exactly the scalars of the trainable and state variables {@code build} creates and the
   *     multiply-accumulates per example of its convolutions and matrix products (the conformance
   *     kit checks all three against a built graph)
   */
  OperationCost cost(FeatureShape input, int outChannels, int stride);
}
