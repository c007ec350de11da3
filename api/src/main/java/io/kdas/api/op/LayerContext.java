package io.kdas.api.op;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Where an operation builds its ops: a name scope in one graph, with the variables and batch-norm
 * state of that scope. Contexts are not thread-safe; one graph is built by one thread.
 *
 * <p>Variables are identified by their scoped name: asking twice for the same name (in this
 * graph, or in another graph built for the same model) returns the same variable. The runtime uses
 * this to share weights between the training and inference towers and between the children of a
 * weight-sharing search.
 */
public interface LayerContext {

  /** Ops in this context's name scope. */
  Ops tf();

  /**
   * Whether the graph is for training (batch statistics in batch norm, updates of the moving
   * statistics) or for inference (moving statistics).
   */
  boolean training();

  /** A context for a nested name scope (e.g. {@code "conv1"}). */
  LayerContext scope(String name);

  /**
   * A trainable float32 variable of this scope.
   *
   * @param name unique within the scope
   * @param shape its full shape; for convolution kernels [kh, kw, in, out] (fan-in and fan-out are
   *     derived from it)
   * @param init how to initialize it
   * @param decayed whether weight decay applies (kernels yes; batch-norm parameters and biases no)
   */
  Operand<TFloat32> variable(String name, Shape shape, Initializer init, boolean decayed);

  /**
   * Batch normalization over the channels (last axis) of an NHWC tensor, with a trainable scale
   * and offset and moving statistics that the runtime updates after each training step.
   */
  Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x);
}
