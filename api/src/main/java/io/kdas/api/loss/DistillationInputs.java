package io.kdas.api.loss;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What a loss sees of one training batch. All operands live in the student's graph.
 *
 * @param studentLogits float32 [batch, classes]: differentiable
 * @param teacherLogits float32 [batch, teachers, classes]: constants fed per batch (the teachers
 *     are not in the student's graph, so no gradient can reach them)
 * @param labels int32 [batch]: the true class of each example
 * @param classes the number of classes
 * @param teachers the number of teachers (0 when the run has none)
 */
public record DistillationInputs(
    Operand<TFloat32> studentLogits,
    Operand<TFloat32> teacherLogits,
    Operand<TInt32> labels,
    int classes,
    int teachers) {}
