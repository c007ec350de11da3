package io.kdas.runtime.train;

import io.kdas.api.op.Initializer;
import io.kdas.layers.VariableStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/**
 * SGD with (Nesterov) momentum and decoupled-from-loss L2 weight decay (added to the gradient, as
 * PyTorch's SGD does), applied after the whole backward pass. Differentiates with respect to an explicit variable list (the student's
 * trainable variables), never "every variable in the graph".
 */
public final class MomentumOptimizer {

  private final float momentum;
  private final boolean nesterov;
  private final float weightDecay;
  private final float lossScale;
  private final boolean mixedPrecision;

  /**
   * @param lossScale the loss is multiplied by this before differentiation and the gradients
   *     divided by it after (1: none): float16 gradients of small losses underflow to zero
   *     without it. A power of two, so that the scaling itself is exact in float32.
   * @param mixedPrecision whether the session rewrites the graph to 16 bits: the gradients then
   *     cross a {@link Float32Boundary} before anything is added to them
   */
  public MomentumOptimizer(float momentum, boolean nesterov, float weightDecay,
      float lossScale, boolean mixedPrecision) {
    if (lossScale <= 0 || Math.getExponent(lossScale) != Math.log(lossScale) / Math.log(2)) {
      throw new IllegalArgumentException("loss scale must be a power of two: " + lossScale);
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
    this.lossScale = lossScale;
    this.mixedPrecision = mixedPrecision;
  }

  /**
   * Adds the update ops.
   *
   * @param learningRate a scalar fed per step
   * @return one op that applies every update
   */
  public Op minimize(Graph graph, Ops tf, Operand<TFloat32> loss, VariableStore store,
      Operand<TFloat32> learningRate) {
    List<Variable<TFloat32>> vars = store.trainable();
    Output<?>[] xs = vars.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    Operand<TFloat32> scaled = lossScale == 1f ? loss
        : tf.withSubScope("loss_scale").math.mul(loss, tf.constant(lossScale));
    Output<?>[] grads = graph.addGradients("gradients", new Output<?>[] {scaled.asOutput()}, xs,
        null);
    // Updates happen in place on the variables that backpropagation still reads: wait until
    // every gradient is computed, or a layer's input gradient may see its updated weights
    // (wrong, and different from run to run).
    Ops ready = tf.withSubScope("gradients_ready");
    List<Op> gradientOps = new ArrayList<>();
    for (Output<?> g : grads) {
      gradientOps.add(ready.identity(g));
    }
    Ops opt = tf.withSubScope("momentum").withControlDependencies(gradientOps);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> v = vars.get(i);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> grad = (Output<TFloat32>) grads[i];
      if (mixedPrecision) {
        grad = Float32Boundary.of(opt, grad); // weight decay and loss unscaling in float32
      }
      if (lossScale != 1f) {
        grad = opt.math.mul(grad, opt.constant(1f / lossScale));
      }
      if (weightDecay > 0 && store.isDecayed(v)) {
        grad = opt.math.add(grad, opt.math.mul(v, opt.constant(weightDecay)));
      }
      Variable<TFloat32> accumulator = store.variable(
          v.op().name() + "/momentum", v.shape(), Initializer.ZEROS, false, false);
      updates.add(opt.train.applyMomentum(v, accumulator, learningRate, grad,
          opt.constant(momentum), ApplyMomentum.useNesterov(nesterov)));
    }
    updates.addAll(store.updates());
    return tf.withControlDependencies(updates).noOp();
  }
}
