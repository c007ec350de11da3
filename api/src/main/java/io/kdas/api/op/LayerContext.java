package io.kdas.api.op;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Where an operation builds its ops: a name scope in one graph, with the variables and batch-norm
 * state of that scope. The runtime implements it; plugins only call it. Contexts are not
 * thread-safe; one graph is built by one thread.
 *
 * <p>Variables are identified by their scoped name: asking twice for the same name in one graph
 * returns the same variable, and a graph built again for the same model (for export, say) finds
 * it under the same name. The runtime uses this to share weights between the training and
 * inference towers of a graph and between all children of a weight-sharing search.
 */
public interface LayerContext {

  /**
   * Ops in this context's name scope.
   *
   * @return the scope to build every op in
   */
  Ops tf();

  /**
   * Whether {@link #batchNorm} uses batch statistics (training, and scoring the children of a
   * weight-sharing search) or moving statistics (inference and export).
   *
   * @return true for batch statistics
   */
  boolean training();

  /**
   * A context for a nested name scope; the same name gives the same variables.
   *
   * @param name one path element, e.g. {@code "conv1"}
   * @return the nested context
   */
  LayerContext scope(String name);

  /**
   * A trainable float32 variable of this scope, created on the first request for its name and
   * returned again for later ones.
   *
   * @param name unique within the scope
   * @param shape its full shape, the same on every request; for convolution kernels [kh, kw, in,
   *     out] (fan-in and fan-out are derived from it)
   * @param init how to initialize it
   * @param decayed whether weight decay applies (kernels yes; batch-norm parameters and biases no)
   * @return the variable
   * @throws IllegalStateException if the name exists with another shape
   */
  Operand<TFloat32> variable(String name, Shape shape, Initializer init, boolean decayed);

  /**
   * Batch normalization over the channels (last axis) of an NHWC tensor, with a trainable scale
   * and offset (ones and zeros) and moving mean and variance (state, not trainable) that the
   * runtime updates with each training step. Cost: {@link Layers#batchNormCost}.
   *
   * @param name unique within the scope; its variables live under it
   * @param x float32 NHWC with known channels
   * @return the normalized tensor, of the shape of {@code x}
   */
  Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x);
}
