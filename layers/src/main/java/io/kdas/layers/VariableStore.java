package io.kdas.layers;

import io.kdas.api.op.Initializer;
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
import org.tensorflow.types.TFloat32;

/**
 * The variables of one graph, created on first request and reused by name afterwards, so that
 * the towers of a graph share weights and a graph built again for export finds the same names in
 * a checkpoint. Random initial values come from stateless ops seeded by (seed, name): the same
 * seed gives the same initial model whatever the build order.
 *
 * <p>Public, with the context that builds through it, so that the plugin conformance kit
 * (kdas-testkit) counts and initializes an operation's variables exactly as a run does.
 */
public final class VariableStore {

  private final Ops root;
  private final long seed;
  private final boolean zeroInitialized;
  private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
  private final List<Variable<TFloat32>> trainable = new ArrayList<>();
  private final List<Variable<TFloat32>> decayed = new ArrayList<>();
  private final List<Op> updates = new ArrayList<>();
  /** One scope per path prefix, so that a variable's op name is its path whatever the order. */
  private final Map<String, Ops> scopes = new java.util.HashMap<>();

  private VariableStore(Graph graph, long seed, boolean zeroInitialized) {
    this.root = Ops.create(graph);
    this.seed = seed;
    this.zeroInitialized = zeroInitialized;
  }

  /** A store whose variables start from seeded random values, for training. */
  public static VariableStore seeded(Graph graph, long seed) {
    return new VariableStore(graph, seed, false);
  }

  /**
   * A store whose variables start at zero, for graphs whose values are restored from a checkpoint
   * (export, evaluation): keeps random-number ops out of the exported graph.
   */
  public static VariableStore forRestore(Graph graph) {
    return new VariableStore(graph, 0, true);
  }

  /** The variable of this full name, created with {@code init} on first request. */
  public Variable<TFloat32> variable(
      String name, Shape shape, Initializer init, boolean isTrainable, boolean isDecayed) {
    Variable<TFloat32> existing = variables.get(name);
    if (existing != null) {
      if (!existing.shape().equals(shape)) {
        throw new IllegalStateException(
            "variable " + name + " requested as " + shape + " but exists as " + existing.shape());
      }
      return existing;
    }
    Ops scoped = variableScope(name);
    Variable<TFloat32> v = scoped.variable(initialValue(scoped, name, shape, init));
    variables.put(name, v);
    if (isTrainable) {
      trainable.add(v);
    }
    if (isDecayed) {
      decayed.add(v);
    }
    return v;
  }

  /**
   * Whether the op of this name is part of one of the variables (the variable, its initial value
   * and its initialization), which are named under the variable's full name. Public for the
   * conformance kit, which checks that an operation builds nothing outside its context.
   */
  public boolean holdsOp(String opName) {
    return variables.keySet().stream().anyMatch(name -> opName.startsWith(name + "/"));
  }

  /** Registers an op to run with every training step (e.g. a moving-average update). */
  public void addUpdate(Op update) {
    updates.add(update);
  }

  /** Trainable variables in creation order: what the optimizer differentiates. */
  public List<Variable<TFloat32>> trainable() {
    return Collections.unmodifiableList(trainable);
  }

  /** Whether weight decay applies to this variable. */
  public boolean isDecayed(Variable<TFloat32> v) {
    return decayed.contains(v);
  }

  /** Every variable by name (trainable and state). */
  public Map<String, Variable<TFloat32>> all() {
    return Collections.unmodifiableMap(variables);
  }

  /** The ops registered with {@link #addUpdate}. */
  public List<Op> updates() {
    return Collections.unmodifiableList(updates);
  }

  /** Trainable scalars. */
  public long trainableScalars() {
    return trainable.stream().mapToLong(v -> v.shape().size()).sum();
  }

  /**
   * Scalars of the variables that are not trainable (batch-norm moving statistics): what {@link
   * io.kdas.api.op.OperationCost#stateScalars()} counts, which the conformance kit checks.
   */
  public long stateScalars() {
    return allScalars() - trainableScalars();
  }

  /** All variable scalars (trainable and state), which is what an export stores. */
  public long allScalars() {
    return variables.values().stream().mapToLong(v -> v.shape().size()).sum();
  }

  /**
   * The scope of a variable: the nested scopes of its path, each created once. (Creating a
   * sub-scope again would get a uniquified name such as {@code stage1_1}.)
   */
  private Ops variableScope(String path) {
    Ops scope = scopes.get(path);
    if (scope == null) {
      int slash = path.lastIndexOf('/');
      Ops parent = slash < 0 ? root : variableScope(path.substring(0, slash));
      scope = parent.withSubScope(path.substring(slash + 1));
      scopes.put(path, scope);
    }
    return scope;
  }

  /** {@code tf} in the nested scopes of a slash-separated path (sub-scopes take one name). */
  static Ops scoped(Ops tf, String path) {
    Ops scoped = tf;
    for (String part : path.split("/")) {
      scoped = scoped.withSubScope(part);
    }
    return scoped;
  }

  private Operand<TFloat32> initialValue(Ops tf, String name, Shape shape, Initializer init) {
    if (zeroInitialized || init == Initializer.ZEROS) {
      return tf.zeros(tf.constant(shape), TFloat32.class);
    }
    if (init == Initializer.ONES) {
      return tf.fill(tf.constant(shape), tf.constant(1f));
    }
    Operand<org.tensorflow.types.TInt64> seeds = tf.constant(new long[] {seed, nameHash(name)});
    return switch (init) {
      case HE_NORMAL -> {
        long fanOut = shape.numDimensions() == 4 ? shape.get(0) * shape.get(1) * shape.get(3)
            : shape.get(shape.numDimensions() - 1);
        float std = (float) Math.sqrt(2.0 / fanOut);
        yield tf.math.mul(tf.random.statelessRandomNormal(tf.constant(shape), seeds),
            tf.constant(std));
      }
      case FAN_IN_UNIFORM -> {
        long fanIn = shape.numDimensions() >= 2 ? shape.size() / shape.get(shape.numDimensions() - 1) : shape.get(0);
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.constant(shape), seeds);
        yield tf.math.mul(tf.math.sub(tf.math.mul(u, tf.constant(2f)), tf.constant(1f)),
            tf.constant(bound));
      }
      default -> throw new IllegalArgumentException("initializer " + init);
    };
  }

  private static long nameHash(String name) {
    long h = 0xcbf29ce484222325L; // FNV-1a: stable across JVMs, unlike String.hashCode() spread
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001b3L;
    }
    return h;
  }
}
