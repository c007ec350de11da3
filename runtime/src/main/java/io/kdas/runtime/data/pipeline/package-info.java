/**
 * The training input pipeline, built around a fixed pool of augmented views per example ({@link
 * io.kdas.runtime.data.pipeline.ViewAugmenter}): teacher predictions are computed once per
 * (example, view) and reused by every student trial, which is only sound if no other view is
 * ever shown. {@link io.kdas.runtime.data.pipeline.BatchStream} renders an epoch's batches on a
 * background thread into reused buffers.
 */
package io.kdas.runtime.data.pipeline;
