package io.kdas.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.OperationCost;
import io.kdas.layers.GraphLayerContext;
import io.kdas.layers.VariableStore;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The candidate-operation checks of {@link PluginConformance}, for one input shape, channel count
 * and stride. Operations are built as a run builds them: through the runtime's {@link
 * GraphLayerContext}, in towers {@code train} and {@code eval} sharing one seeded {@link
 * VariableStore}, so that its batch norm, initialization and variable accounting are what a
 * plugin is checked against. Everything runs in single-threaded sessions on a batch of {@value
 * #BATCH}.
 */
final class OperationConformance {

  static final int BATCH = 2;
  /** The seed of the variable store: the initial values the checks run an operation with. */
  static final long SEED = 20200207L;
  private static final Set<String> VARIABLE_OPS =
      Set.of("Variable", "VariableV2", "VarHandleOp", "TemporaryVariable");
  private static final ConfigProto SINGLE_THREADED = ConfigProto.newBuilder()
      .setIntraOpParallelismThreads(1)
      .setInterOpParallelismThreads(1)
      .build();

  private final CandidateOperation op;
  private final FeatureShape in;
  private final int outChannels;
  private final int stride;
  private final String who;
  private final Shape expected;

  OperationConformance(CandidateOperation op, FeatureShape in, int outChannels, int stride) {
    this.op = op;
    this.in = in;
    this.outChannels = outChannels;
    this.stride = stride;
    this.who = "operation " + op.getClass().getName() + " on [-1, " + in.height() + ", "
        + in.width() + ", " + in.channels() + "] to " + outChannels + " channels, stride "
        + stride;
    FeatureShape out = in.strided(stride, outChannels);
    this.expected = Shape.of(-1, out.height(), out.width(), outChannels);
  }

  /** Runs every check of this configuration. */
  void check() {
    OperationCost cost;
    try {
      cost = op.cost(in, outChannels, stride);
    } catch (RuntimeException e) {
      fail(who + ": cost() threw " + e, e);
      return;
    }
    assertNotNull(cost, who + ": cost() returned null");
    try {
      checkBuildRunAndDifferentiate(cost);
    } catch (RuntimeException e) {
      // A kernel this CPU's TensorFlow lacks (e.g. dilated depthwise without oneDNN) is the
      // plugin's failure on this machine: report it as such, not as a crash of the kit.
      fail(who + ": TensorFlow could not run the operation: " + e.getMessage(), e);
    }
    assertEquals(countMacs(), cost.flops(), who + ": cost().flops() differs from the"
        + " multiply-accumulates per example of the convolutions and matrix products it builds");
  }

  private void checkBuildRunAndDifferentiate(OperationCost cost) {
    try (Graph g = new Graph(); Session s = new Session(g, SINGLE_THREADED)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("input").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, in.height(), in.width(), in.channels())));
      Set<String> before = GraphOperations.names(g);
      VariableStore store = VariableStore.seeded(g, SEED);
      GraphLayerContext train = tower(tf, store, "train", true);
      Operand<TFloat32> y = build(train, x, "training");
      List<GraphOperation> created = GraphOperations.addedSince(g, before);
      assertBuiltThrough(created, store, "train");
      long variableOps = created.stream().filter(o -> VARIABLE_OPS.contains(o.type())).count();
      assertEquals(store.all().size(), variableOps,
          who + ": creates variables outside its LayerContext");
      assertEquals(store.trainableScalars(), cost.parameters(),
          who + ": cost().parameters() differs from the trainable scalars it creates");
      assertEquals(store.stateScalars(), cost.stateScalars(),
          who + ": cost().stateScalars() differs from the state scalars it creates");

      int variables = store.all().size();
      before = GraphOperations.names(g);
      Operand<TFloat32> inference = build(tower(tf, store, "eval", false), x, "inference");
      assertBuiltThrough(GraphOperations.addedSince(g, before), store, "eval");
      assertEquals(variables, store.all().size(),
          who + ": building for inference in the same graph created variables instead of reusing"
              + " them by name");
      Operand<TFloat32> again = build(train, x, "training, again");
      assertEquals(variables, store.all().size(),
          who + ": building twice in the same context created variables instead of reusing them");

      Batch batch = Batch.random(in, expected);
      Operand<TFloat32> weights = tf.constant(batch.outputShape(), DataBuffers.of(batch.weights));
      List<Variable<TFloat32>> trainable = List.copyOf(store.trainable());
      Output<?>[] trainGradients =
          gradients(g, weightedSum(tf, y, weights), trainable, x.asOutput());
      for (int i = 0; i < trainable.size(); i++) {
        assertTrue(trainGradients[i].index() >= 0,
            who + ": no gradient reaches variable " + nameOf(store, trainable.get(i)));
      }
      Operand<TFloat32> objective = weightedSum(tf, inference, weights);
      Output<?>[] inferenceGradients = gradients(g, objective, trainable, x.asOutput());
      try (TFloat32 input = batch.input(in)) {
        Session.Runner runner = s.runner().feed(x, input).fetch(y).fetch(inference).fetch(again);
        try (Result r = fetchPresent(runner, trainGradients).run()) {
          assertFiniteOfShape((TFloat32) r.get(0), batch.outputShape(), "output in training");
          assertFiniteOfShape((TFloat32) r.get(1), batch.outputShape(), "output in inference");
          assertFiniteOfShape((TFloat32) r.get(2), batch.outputShape(), "second output");
          int next = 3;
          for (int i = 0; i < trainGradients.length; i++) {
            if (trainGradients[i].index() >= 0) { // only the input may have none (zeros op)
              assertFinite(values((TFloat32) r.get(next++)), "gradient w.r.t. "
                  + (i < trainable.size() ? "variable " + nameOf(store, trainable.get(i))
                      : "the input") + " in training");
            }
          }
        }
        // Finite differences in inference mode: a training-mode batch norm over the few values
        // of a tiny batch can be too ill-conditioned for them after a ReLU.
        FiniteDifferences fd = new FiniteDifferences(s, x, input, objective, who);
        runner = s.runner().feed(x, input).fetch(tf.reduceSum(tf.math.abs(
            tf.math.mul(inference, weights)), tf.constant(new int[] {0, 1, 2, 3})));
        try (Result r = fetchPresent(runner, inferenceGradients).run()) {
          fd.setScale(((TFloat32) r.get(0)).getFloat());
          int next = 1;
          for (int i = 0; i < trainable.size(); i++) {
            if (inferenceGradients[i].index() >= 0) {
              float[] gradient = values((TFloat32) r.get(next++));
              String what = "variable " + nameOf(store, trainable.get(i));
              assertFinite(gradient, "gradient w.r.t. " + what + " in inference");
              fd.check(trainable.get(i), what, gradient);
            }
          }
        }
        if (!store.updates().isEmpty()) {
          runner = s.runner().feed(x, input);
          store.updates().forEach(runner::addTarget);
          runner.run().close();
        }
      }
    }
  }

  /** The gradients of {@code objective} w.r.t. each variable and then {@code x}. */
  private Output<?>[] gradients(
      Graph g, Operand<TFloat32> objective, List<Variable<TFloat32>> variables, Output<?> x) {
    Output<?>[] xs = new Output<?>[variables.size() + 1];
    for (int i = 0; i < variables.size(); i++) {
      xs[i] = variables.get(i).asOutput();
    }
    xs[variables.size()] = x;
    try {
      return g.addGradients(objective.asOutput(), xs);
    } catch (RuntimeException e) {
      fail(who + ": cannot differentiate its output (an op without a registered gradient?): "
          + e.getMessage(), e);
      return null;
    }
  }

  /**
   * A random weighting of the output, not its plain sum: the sum of a training-mode batch norm's
   * output is constant in everything but its offset, so its gradient would hide broken kernels.
   */
  private static Operand<TFloat32> weightedSum(
      Ops tf, Operand<TFloat32> y, Operand<TFloat32> weights) {
    return tf.reduceSum(tf.math.mul(y, weights), tf.constant(new int[] {0, 1, 2, 3}));
  }

  private static Session.Runner fetchPresent(Session.Runner runner, Output<?>[] gradients) {
    for (Output<?> gradient : gradients) {
      if (gradient.index() >= 0) {
        runner.fetch(gradient);
      }
    }
    return runner;
  }

  /** The multiply-accumulates per example of an inference build on an input of static batch. */
  private long countMacs() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("input").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(BATCH, in.height(), in.width(), in.channels())));
      build(tower(tf, VariableStore.seeded(g, SEED), "eval", false), x,
          "inference, static batch");
      try {
        return GraphMacs.perExample(g, BATCH);
      } catch (IllegalStateException e) {
        fail(who + ": " + e.getMessage(), e);
        return -1;
      }
    }
  }

  /** A root context building its ops in the name scope {@code name}, as the runtime's towers. */
  private static GraphLayerContext tower(
      Ops tf, VariableStore store, String name, boolean training) {
    return GraphLayerContext.root(tf.withSubScope(name), store, training);
  }

  private Operand<TFloat32> build(GraphLayerContext context, Operand<TFloat32> x, String mode) {
    Operand<TFloat32> y;
    try {
      y = op.build(context, x, outChannels, stride);
    } catch (RuntimeException e) {
      fail(who + ": build (" + mode + ") threw " + e, e);
      return null;
    }
    assertNotNull(y, who + ": build (" + mode + ") returned null");
    assertEquals(TFloat32.class, y.type(), who + ": type of the output (" + mode + ")");
    Shape want = x.shape().get(0) < 0 ? expected : expected.tail().prepend(x.shape().get(0));
    // Shapes with an unknown dimension are never equal(): compare their text.
    assertEquals(want.toString(), y.shape().toString(),
        who + ": static shape of the output (" + mode + ")");
    return y;
  }

  private void assertBuiltThrough(
      List<GraphOperation> created, VariableStore store, String tower) {
    for (GraphOperation o : created) {
      assertTrue(o.name().startsWith(tower + "/") || store.holdsOp(o.name()),
          who + ": op " + o.name() + " was not built through the LayerContext it was given");
    }
  }

  private void assertFiniteOfShape(TFloat32 t, Shape shape, String what) {
    assertEquals(shape, t.shape(), who + ": shape of the " + what);
    assertFinite(values(t), "the " + what);
  }

  private void assertFinite(float[] values, String what) {
    for (float v : values) {
      assertTrue(Float.isFinite(v), who + ": " + what + " has the value " + v);
    }
  }

  static float[] values(TFloat32 t) {
    float[] v = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(v, false, false));
    return v;
  }

  private static String nameOf(VariableStore store, Variable<TFloat32> v) {
    return store.all().entrySet().stream().filter(e -> e.getValue() == v)
        .map(e -> e.getKey()).findFirst().orElse(v.op().name());
  }



  /** The seeded input and output weighting of one configuration. */
  record Batch(float[] input, float[] weights, Shape outputShape) {

    static Batch random(FeatureShape in, Shape expected) {
      Random random = new Random(SEED + 10_000L * in.height() + 100L * in.width() + in.channels());
      float[] input = new float[BATCH * in.height() * in.width() * in.channels()];
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) random.nextGaussian();
      }
      Shape out = expected.tail().prepend(BATCH);
      float[] weights = new float[(int) out.size()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = (float) random.nextGaussian();
      }
      return new Batch(input, weights, out);
    }

    TFloat32 input(FeatureShape in) {
      return TFloat32.tensorOf(Shape.of(BATCH, in.height(), in.width(), in.channels()),
          DataBuffers.of(input, true, false));
    }
  }
}
