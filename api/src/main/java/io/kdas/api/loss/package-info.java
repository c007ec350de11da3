/**
 * The distillation-loss extension point. A {@link io.kdas.api.loss.DistillationLoss} adds the
 * per-example loss of a student to a TensorFlow graph, given the student's logits, the teachers'
 * logits and the labels. {@link io.kdas.api.loss.LossMath} has the shared building blocks.
 */
package io.kdas.api.loss;
