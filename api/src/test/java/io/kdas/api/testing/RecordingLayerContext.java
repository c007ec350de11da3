package io.kdas.api.testing;

import io.kdas.api.op.Initializer;
import io.kdas.api.op.LayerContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A {@link LayerContext} for tests, with the runtime's semantics: variables are created on first
 * request and reused by their scoped name afterwards (also across towers of the same graph), and
 * batch norm is {@code FusedBatchNormV3} with a trainable scale and offset (ones and zeros) and
 * moving mean and variance (zeros and ones, not trainable). In training mode batch norm uses the
 * batch statistics and records the moving-average updates (decay 0.9) in {@link #updates()}; in
 * inference mode it uses the moving statistics.
 *
 * <p>Random initial values come from stateless ops seeded by (seed, variable name), so a build is
 * reproducible. What a context records (trainable and state variables, updates) is shared by the
 * contexts made from it with {@link #scope} and {@link #tower}, so a test can sum what an
 * operation created:
 *
 * <pre>{@code
 * RecordingLayerContext train = RecordingLayerContext.create(graph, 42, true);
 * Operand<TFloat32> y = op.build(train, input, 8, 2);
 * assertEquals(op.cost(shape, 8, 2).parameters(), train.trainableScalars());
 * }</pre>
 *
 * <p>Ops built through {@link #tf()} are named under the tower (e.g. {@code train/...}); variables
 * and their initializers under {@value #VARIABLES}{@code /<scoped name>}. (TensorFlow makes names
 * unique: a second context made by {@link #create} in the same graph gets {@code variables_1},
 * and a second tower of the same name {@code train_1}.)
 */
public final class RecordingLayerContext implements LayerContext {

  /** The name scope of every variable a context creates. */
  public static final String VARIABLES = "variables";

  private static final float MOVING_AVERAGE_DECAY = 0.9f;
  private static final float EPSILON = 1e-5f;

  private final Store store;
  private final Ops tf;
  private final boolean training;
  private final String path;

  private RecordingLayerContext(Store store, Ops tf, boolean training, String path) {
    this.store = store;
    this.tf = tf;
    this.training = training;
    this.path = path;
  }

  /**
   * The root context of a new store, building ops in a tower named {@code train} or {@code eval}.
   *
   * @param graph where everything is built
   * @param seed seeds the random initial values
   * @param training batch statistics and recorded updates, or moving statistics
   */
  public static RecordingLayerContext create(Graph graph, long seed, boolean training) {
    return new Store(graph, seed).tower(training ? "train" : "eval", training);
  }

  /**
   * Another root context of the same graph and variables (like the runtime's inference tower),
   * building its ops in the name scope {@code name}.
   */
  public RecordingLayerContext tower(String name, boolean training) {
    return store.tower(name, training);
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
  public RecordingLayerContext scope(String name) {
    return new RecordingLayerContext(store, scoped(tf, name), training, qualify(name));
  }

  @Override
  public Operand<TFloat32> variable(String name, Shape shape, Initializer init, boolean decayed) {
    return store.variable(qualify(name), shape, init, true);
  }

  @Override
  public Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x) {
    String prefix = qualify(name) + "/";
    Shape channels = Shape.of(x.shape().get(x.shape().numDimensions() - 1));
    Variable<TFloat32> gamma = store.variable(prefix + "gamma", channels, Initializer.ONES, true);
    Variable<TFloat32> beta = store.variable(prefix + "beta", channels, Initializer.ZEROS, true);
    Variable<TFloat32> mean =
        store.variable(prefix + "moving_mean", channels, Initializer.ZEROS, false);
    Variable<TFloat32> variance =
        store.variable(prefix + "moving_variance", channels, Initializer.ONES, false);
    Ops bn = scoped(tf, name);
    if (!training) {
      return bn.nn.fusedBatchNorm(x, gamma, beta, mean, variance,
          FusedBatchNorm.epsilon(EPSILON), FusedBatchNorm.isTraining(false)).y();
    }
    Operand<TFloat32> empty = bn.constant(new float[0]);
    FusedBatchNorm<TFloat32, TFloat32> out = bn.nn.fusedBatchNorm(x, gamma, beta, empty, empty,
        FusedBatchNorm.epsilon(EPSILON), FusedBatchNorm.isTraining(true));
    Operand<TFloat32> rate = bn.constant(1f - MOVING_AVERAGE_DECAY);
    store.updates.add(
        bn.assignSub(mean, bn.math.mul(bn.math.sub(mean, out.batchMean()), rate)));
    store.updates.add(bn.assignSub(
        variance, bn.math.mul(bn.math.sub(variance, out.batchVariance()), rate)));
    return out.y();
  }

  /** Every variable created so far, by scoped name, in creation order. */
  public Map<String, Variable<TFloat32>> variables() {
    return Collections.unmodifiableMap(store.all);
  }

  /** The trainable variables in creation order (kernels, batch-norm scale and offset). */
  public List<Variable<TFloat32>> trainableVariables() {
    return Collections.unmodifiableList(store.trainable);
  }

  /** The non-trainable variables in creation order (batch-norm moving statistics). */
  public List<Variable<TFloat32>> stateVariables() {
    return Collections.unmodifiableList(store.state);
  }

  /** The scalars of all trainable variables. */
  public long trainableScalars() {
    return store.trainable.stream().mapToLong(v -> v.shape().size()).sum();
  }

  /** The scalars of all state variables. */
  public long stateScalars() {
    return store.state.stream().mapToLong(v -> v.shape().size()).sum();
  }

  /** The moving-average updates recorded by batch norms built in training mode. */
  public List<Op> updates() {
    return Collections.unmodifiableList(store.updates);
  }

  private String qualify(String name) {
    return path.isEmpty() ? name : path + "/" + name;
  }

  /** {@code tf} in the nested scopes of a slash-separated path. */
  private static Ops scoped(Ops tf, String path) {
    Ops scoped = tf;
    for (String part : path.split("/")) {
      scoped = scoped.withSubScope(part);
    }
    return scoped;
  }

  /** What all contexts made from one {@link #create} share. */
  private static final class Store {
    private final Graph graph;
    private final long seed;
    private final Map<String, Variable<TFloat32>> all = new LinkedHashMap<>();
    private final List<Variable<TFloat32>> trainable = new ArrayList<>();
    private final List<Variable<TFloat32>> state = new ArrayList<>();
    private final List<Op> updates = new ArrayList<>();
    /** Name scopes of variable paths, each made once so that no name gets a "_1" suffix. */
    private final Map<String, Ops> scopes = new LinkedHashMap<>();

    Store(Graph graph, long seed) {
      this.graph = graph;
      this.seed = seed;
      scopes.put("", Ops.create(graph).withSubScope(VARIABLES));
    }

    private Ops scopeOf(String path) {
      Ops existing = scopes.get(path);
      if (existing != null) {
        return existing;
      }
      int slash = path.lastIndexOf('/');
      Ops parent = scopeOf(slash < 0 ? "" : path.substring(0, slash));
      Ops scope = parent.withSubScope(path.substring(slash + 1));
      scopes.put(path, scope);
      return scope;
    }

    RecordingLayerContext tower(String name, boolean training) {
      return new RecordingLayerContext(
          this, Ops.create(graph).withSubScope(name), training, "");
    }

    Variable<TFloat32> variable(String name, Shape shape, Initializer init, boolean isTrainable) {
      Variable<TFloat32> existing = all.get(name);
      if (existing != null) {
        if (!existing.shape().equals(shape)) {
          throw new IllegalStateException(
              "variable " + name + " requested as " + shape + " but exists as " + existing.shape());
        }
        if (trainable.contains(existing) != isTrainable) {
          throw new IllegalStateException("variable " + name + " requested as "
              + (isTrainable ? "trainable" : "state") + " but exists as the other kind");
        }
        return existing;
      }
      Ops tf = scopeOf(name);
      Variable<TFloat32> v = tf.variable(initialValue(tf, name, shape, init));
      all.put(name, v);
      (isTrainable ? trainable : state).add(v);
      return v;
    }

    private Operand<TFloat32> initialValue(Ops tf, String name, Shape shape, Initializer init) {
      Operand<TInt64> seeds = tf.constant(new long[] {seed, nameHash(name)});
      return switch (init) {
        case ZEROS -> tf.zeros(tf.constant(shape), TFloat32.class);
        case ONES -> tf.fill(tf.constant(shape), tf.constant(1f));
        case HE_NORMAL -> {
          long fanOut = shape.numDimensions() == 4
              ? shape.get(0) * shape.get(1) * shape.get(3)
              : shape.get(shape.numDimensions() - 1);
          yield tf.math.mul(tf.random.statelessRandomNormal(tf.constant(shape), seeds),
              tf.constant((float) Math.sqrt(2.0 / Math.max(fanOut, 1))));
        }
        case FAN_IN_UNIFORM -> {
          long fanIn = shape.numDimensions() >= 2
              ? shape.size() / shape.get(shape.numDimensions() - 1)
              : shape.get(0);
          float bound = (float) (1 / Math.sqrt(Math.max(fanIn, 1)));
          Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.constant(shape), seeds);
          yield tf.math.mul(tf.math.sub(tf.math.mul(u, tf.constant(2f)), tf.constant(1f)),
              tf.constant(bound));
        }
      };
    }

    private static long nameHash(String name) {
      long h = 0xcbf29ce484222325L; // FNV-1a, stable across JVMs
      for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
        h = (h ^ b) * 0x100000001b3L;
      }
      return h;
    }
  }
}
