package io.kdas.runtime.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * Where a mixed-precision graph must go back to float32 for good. Grappler's bfloat16 rewrite
 * for oneDNN puts log-softmax, sums, means and element-wise arithmetic on its "infer" list: any
 * of them between two bfloat16 ops (the logits' matrix product and its gradient, a convolution's
 * gradient and the next step) is computed in bfloat16 too, so the loss and the weight updates
 * would be. A round trip through float64 is exact and uses Cast, which is on none of the
 * rewrite's lists: nothing past it is painted, so everything computed from it stays float32.
 */
final class Float32Boundary {

  private Float32Boundary() {}

  static Operand<TFloat32> of(Ops tf, Operand<TFloat32> x) {
    return tf.dtypes.cast(tf.dtypes.cast(x, TFloat64.class), TFloat32.class);
  }
}
