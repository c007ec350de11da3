package io.kdas.layers;

import io.kdas.api.op.Initializer;
import io.kdas.api.op.LayerContext;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * The runtime's {@link LayerContext}: a name path for variables (shared across towers) and an op
 * scope for everything else (unique per tower).
 *
 * <p>Public, in a module of its own, so that the plugin conformance kit (kdas-testkit) builds
 * operations through this very class: a change to batch norm or to the variables here is what
 * the kit checks plugins against.
 */
public final class GraphLayerContext implements LayerContext {

  /** Momentum of the batch-norm moving statistics (PyTorch's 0.1 update rate). */
  private static final float MOVING_AVERAGE_DECAY = 0.9f;
  private static final float EPSILON = 1e-5f;

  private final Ops tf;
  private final VariableStore store;
  private final boolean training;
  private final boolean movingUpdates;
  private final String path;

  private GraphLayerContext(Ops tf, VariableStore store, boolean training,
      boolean movingUpdates, String path) {
    this.tf = tf;
    this.store = store;
    this.training = training;
    this.movingUpdates = movingUpdates;
    this.path = path;
  }

  /**
   * The root context of a tower.
   *
   * @param tf ops in the tower's scope (e.g. {@code train} or {@code eval})
   * @param store the graph's variables
   * @param training batch statistics and moving-average updates, or moving statistics
   */
  public static GraphLayerContext root(Ops tf, VariableStore store, boolean training) {
    return new GraphLayerContext(tf, store, training, training, "");
  }

  /**
   * The root context of a tower that normalizes with the statistics of the batch it sees and
   * keeps no moving statistics: a shared model's, whose moving averages would mix every child
   * it trained (fitting none), and whose unselected candidates see one row per step.
   */
  public static GraphLayerContext batchStatistics(Ops tf, VariableStore store) {
    return new GraphLayerContext(tf, store, true, false, "");
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public boolean training() {
    return training;
  }

  @Override
  public GraphLayerContext scope(String name) {
    return new GraphLayerContext(VariableStore.scoped(tf, name), store, training, movingUpdates,
        qualify(name));
  }

  @Override
  public Operand<TFloat32> variable(String name, Shape shape, Initializer init, boolean decayed) {
    return store.variable(qualify(name), shape, init, true, decayed);
  }

  @Override
  public Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x) {
    String prefix = qualify(name) + "/";
    Shape channels = Shape.of(x.shape().get(x.shape().numDimensions() - 1));
    var gamma = store.variable(prefix + "gamma", channels, Initializer.ONES, true, false);
    var beta = store.variable(prefix + "beta", channels, Initializer.ZEROS, true, false);
    var mean = store.variable(prefix + "moving_mean", channels, Initializer.ZEROS, false, false);
    var variance =
        store.variable(prefix + "moving_variance", channels, Initializer.ONES, false, false);
    Ops bn = VariableStore.scoped(tf, name);
    if (!training) {
      return bn.nn.fusedBatchNorm(x, gamma, beta, mean, variance,
          FusedBatchNorm.epsilon(EPSILON), FusedBatchNorm.isTraining(false)).y();
    }
    Operand<TFloat32> empty = bn.constant(new float[0]);
    FusedBatchNorm<TFloat32, TFloat32> out = bn.nn.fusedBatchNorm(x, gamma, beta, empty, empty,
        FusedBatchNorm.epsilon(EPSILON), FusedBatchNorm.isTraining(true));
    if (!movingUpdates) {
      return out.y();
    }
    Operand<TFloat32> rate = bn.constant(1f - MOVING_AVERAGE_DECAY);
    store.addUpdate(bn.assignSub(mean, bn.math.mul(bn.math.sub(mean, out.batchMean()), rate)));
    store.addUpdate(
        bn.assignSub(variance, bn.math.mul(bn.math.sub(variance, out.batchVariance()), rate)));
    return out.y();
  }

  private String qualify(String name) {
    return path.isEmpty() ? name : path + "/" + name;
  }
}
