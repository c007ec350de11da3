package io.kdas.runtime.data.pipeline;

/**
 * Receives the evaluation batches of {@link BatchStream#forEachEvalBatch}.
 *
 * <p>The arrays are reused for the next batch, so the consumer must finish with them (for
 * example, copy them into a tensor) before returning.
 */
@FunctionalInterface
public interface EvalBatchConsumer {

  /**
   * Accepts one batch of un-augmented examples {@code firstExample .. firstExample + size - 1}.
   *
   * @param firstExample the index of the batch's first example in the split
   * @param images HWC floats in [0, 1]; only the first {@code size * pixelsPerImage} are valid
   * @param labels the labels; only the first {@code size} are valid
   * @param size the number of examples, {@code batchSize} except possibly for the last batch
   */
  void accept(int firstExample, float[] images, int[] labels, int size);
}
