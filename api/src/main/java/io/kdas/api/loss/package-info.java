/**
 * The distillation-loss extension point. A {@link io.kdas.api.loss.DistillationLoss} adds the
 * per-example loss of a student to a TensorFlow graph, given the student's logits, the teachers'
 * logits and the labels ({@link io.kdas.api.loss.DistillationInputs}), through the {@link
 * org.tensorflow.op.Ops} scope it is handed on each call, without variables. {@link
 * io.kdas.api.loss.LossMath} has the shared building blocks as pure functions of operands, so the
 * maths can be tested on constants.
 */
package io.kdas.api.loss;
