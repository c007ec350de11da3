package io.kdas.api.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A configured loss, built by {@link DistillationLossPlugin#create} for one run and called from
 * one thread at a time. Stateless: it is called once per graph that needs it (the training graph
 * of each student, of each child of an independent search, and of the shared model of a
 * weight-sharing search) and must add only ops, no variables.
 */
public interface DistillationLoss {

  /**
   * Adds the per-example loss to the graph. Build every op through {@code tf}, add no variables
   * and no random ops: the same inputs must give bit-identical values and gradients.
   *
   * <p>Use only ops that have gradients in TensorFlow's C++ registry (e.g. {@code LogSoftmax}, not
   * {@code SparseSoftmaxCrossEntropyWithLogits}): the runtime differentiates with {@code
   * Graph.addGradients} when it builds the training graph, and a missing gradient fails there.
   * The conformance kit checks this on a tiny graph ({@code
   * PluginConformance.assertLossPluginConforms}).
   *
   * <p>A runtime exception thrown here fails the trial when a child of an independent search is
   * built (the search goes on) and stops the run anywhere else.
   *
   * @param tf ops scoped for this loss (a sub-scope of the student's training tower)
   * @param inputs the batch
   * @return float32 [batch]: the loss of each example; the runtime averages it and differentiates
   *     the average with respect to the student's trainable variables only
   */
  Operand<TFloat32> perExampleLoss(Ops tf, DistillationInputs inputs);

  /**
   * Whether the loss reads {@link DistillationInputs#teacherLogits()}; must not change. When no
   * loss of a run does, the runtime neither trains nor runs teachers for it. The spec validator
   * calls it, so it must be cheap.
   *
   * @return true if {@link #perExampleLoss} reads the teachers' logits
   */
  boolean usesTeachers();
}
