package io.kdas.api.loss;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What a loss sees of one training batch. All operands live in the student's graph.
 *
 * @param studentLogits float32 [batch, classes]: the student's output, differentiable with respect
 *     to its variables
 * @param teacherLogits float32 [batch, teachers, classes]: fed per batch, for the augmented view
 *     the student sees (the teachers are not in the student's graph, so no gradient can reach
 *     them). Read it only if {@link DistillationLoss#usesTeachers()} is true: otherwise the
 *     runtime passes {@code teachers} = 0 and feeds nothing here
 * @param labels int32 [batch]: the true class of each example, in [0, classes)
 * @param classes the number of classes
 * @param teachers the number of teachers; 0 when the loss does not use them
 */
public record DistillationInputs(
    Operand<TFloat32> studentLogits,
    Operand<TFloat32> teacherLogits,
    Operand<TInt32> labels,
    int classes,
    int teachers) {}
