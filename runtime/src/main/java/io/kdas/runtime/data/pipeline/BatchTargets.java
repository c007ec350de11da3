package io.kdas.runtime.data.pipeline;

/**
 * Per-image values computed from a rendered training batch on the {@link BatchStream}'s worker
 * thread, ahead of the training step that consumes the batch: for distillation with fresh
 * augmentations, the frozen teachers' logits of exactly the images the student will see.
 */
public interface BatchTargets {

  /** Values per image, e.g. teachers x classes. */
  int floatsPerImage();

  /** Writes {@code batch.size() * floatsPerImage()} values for the batch's images into out. */
  void compute(Batch batch, float[] out);
}
