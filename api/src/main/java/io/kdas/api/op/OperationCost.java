package io.kdas.api.op;

/**
 * What an operation costs for one input shape. Immutable.
 *
 * @param parameters trainable scalars (weights, batch-norm scale and offset)
 * @param stateScalars non-trainable scalars kept with the model (batch-norm moving statistics)
 * @param flops multiply-accumulates (one multiply and one add; FLOPs are about twice this) per
 *     example in inference, of convolutions (including depthwise and pointwise) and matrix
 *     products, exactly as {@code build} runs them; batch norm, activations, pooling, padding
 *     and additions count zero
 */
public record OperationCost(long parameters, long stateScalars, long flops) {

  /** No cost: what an operation without variables or convolutions reports. */
  public static final OperationCost ZERO = new OperationCost(0, 0, 0);

  /**
   * Bytes of float32 variables that the exported model holds for this operation.
   *
   * @return 4 * (parameters + stateScalars)
   */
  public long bytes() {
    return 4 * (parameters + stateScalars);
  }

  /**
   * The cost of this and another part together.
   *
   * @param other the other part
   * @return the component-wise sum
   */
  public OperationCost plus(OperationCost other) {
    return new OperationCost(
        parameters + other.parameters, stateScalars + other.stateScalars, flops + other.flops);
  }
}
