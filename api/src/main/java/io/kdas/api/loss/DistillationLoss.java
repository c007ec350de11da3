package io.kdas.api.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A configured loss. Stateless: it is called once per graph that needs it (the training graph of
 * each student or child) and must add only ops, no variables.
 */
public interface DistillationLoss {

  /**
   * Adds the per-example loss to the graph.
   *
   * @param tf ops scoped for this loss (a sub-scope of the student's graph); build everything
   *     through it
   * @param inputs the batch
   * @return float32 [batch]: the loss of each example; the runtime averages it and differentiates
   *     the average with respect to the student's variables only. Use only ops that have
   *     gradients in TensorFlow's C++ registry (e.g. {@code LogSoftmax}, not {@code
   *     SparseSoftmaxCrossEntropyWithLogits}); the runtime probes this when the loss is loaded.
   */
  Operand<TFloat32> perExampleLoss(Ops tf, DistillationInputs inputs);

  /**
   * Whether the loss reads {@link DistillationInputs#teacherLogits()}. When no loss of a run does,
   * the runtime neither trains nor runs teachers for it.
   */
  boolean usesTeachers();
}
