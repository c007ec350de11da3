package io.kdas.runtime.data.pipeline;

/**
 * One training batch: which examples, in which views, rendered as floats, with their labels.
 *
 * <p>The example and view indices are what a consumer needs to look up stored teacher
 * predictions for exactly these pixels. Instances handed out by {@link BatchStream} are reused
 * buffers: see {@link BatchStream#next()} for how long one stays valid.
 *
 * @param examples the example index (into the split) of each row
 * @param views the view index of each row
 * @param images the rendered images, HWC floats in [0, 1], {@code size * pixelsPerImage} values
 * @param labels the label of each row
 * @param size the number of rows
 * @param targets what {@link BatchTargets} computed for the rows on the stream's worker (e.g.
 *     the teachers' logits of exactly these images), or an empty array
 */
public record Batch(int[] examples, int[] views, float[] images, int[] labels, int size,
    float[] targets) {

  /**
   * Creates an empty batch buffer for {@code size} images of {@code pixelsPerImage} values and
   * {@code targetsPerImage} target values each.
   */
  static Batch allocate(int size, int pixelsPerImage, int targetsPerImage) {
    return new Batch(new int[size], new int[size], new float[size * pixelsPerImage],
        new int[size], size, new float[size * targetsPerImage]);
  }

  @Override
  public String toString() {
    return "Batch[size=" + size + "]";
  }
}
