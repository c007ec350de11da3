package io.kdas.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kdas.api.Plugin;
import io.kdas.api.PluginDescriptor;
import io.kdas.api.PluginException;
import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.Spi;
import io.kdas.api.loss.DistillationInputs;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.loss.DistillationLossPlugin;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.ParameterSpec;
import io.kdas.api.param.PluginParameters;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The plugin conformance kit: checks that built-in and third-party plugins run alike. Each method
 * fails through JUnit 5 assertions with a message naming what is wrong, so a plugin project calls
 * them from its own tests:
 *
 * <pre>{@code
 * @Test
 * void conforms() {
 *   PluginConformance.assertLossPluginConforms(new MyLossPlugin());
 * }
 * }</pre>
 *
 * <p>The loss checks build tiny graphs (batch 4, 3 teachers, 5 classes, seeded random logits) and
 * run them on the CPU; each takes milliseconds. The candidate-operation checks build each
 * operation through the runtime's own layer context ({@link io.kdas.layers.GraphLayerContext}
 * over a seeded {@link io.kdas.layers.VariableStore}) for every input of {@link
 * #OPERATION_INPUTS}, channel count of {@link #OPERATION_OUT_CHANNELS} and stride of {@link
 * #OPERATION_STRIDES}.
 */
public final class PluginConformance {

  /** The batch size of the loss checks. */
  public static final int BATCH = 4;
  /** The number of teachers of the loss checks. */
  public static final int TEACHERS = 3;
  /** The number of classes of the loss checks. */
  public static final int CLASSES = 5;

  /**
   * The input shapes of the operation checks: even and odd sizes, since "SAME" padding is
   * asymmetric on odd sizes.
   */
  public static final List<FeatureShape> OPERATION_INPUTS =
      List.of(new FeatureShape(8, 8, 4), new FeatureShape(7, 5, 3));
  /** The output channel counts of the operation checks. */
  public static final List<Integer> OPERATION_OUT_CHANNELS = List.of(4, 8);
  /** The strides of the operation checks. */
  public static final List<Integer> OPERATION_STRIDES = List.of(1, 2);

  private static final Pattern PLUGIN_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final String LOSS_SCOPE = "loss_under_conformance_test";
  private static final Set<String> VARIABLE_OPS =
      Set.of("Variable", "VariableV2", "VarHandleOp", "TemporaryVariable");
  private static final long SEED = 20200207L;

  private PluginConformance() {}

  /**
   * Checks a plugin's descriptor: ServiceLoader can create it, its name is lower-case words joined
   * by hyphens, version and one-line description are present, it is built for this SPI version,
   * its schema is sound and its defaults resolve, and {@code create(defaults)} returns a component.
   */
  public static void assertConforms(Plugin<?> plugin) {
    assertNotNull(plugin, "plugin");
    String who = plugin.getClass().getName();
    PluginKind kind = plugin.kind();
    assertNotNull(kind, who + ": kind()");
    assertTrue(kind.serviceType().isInstance(plugin),
        who + ": a " + kind.label() + " plugin must implement " + kind.serviceType().getName());
    assertServiceLoaderCanCreate(plugin);

    String name = plugin.name();
    assertNotNull(name, who + ": name()");
    assertTrue(PLUGIN_NAME.matcher(name).matches(),
        who + ": name '" + name + "' must be lower-case words joined by hyphens");
    who = kind.label() + " plugin '" + name + "' (" + who + ")";
    assertNotBlank(plugin.version(), who + ": version()");
    String description = plugin.description();
    assertNotBlank(description, who + ": description()");
    assertFalse(description.contains("\n") || description.contains("\r"),
        who + ": description() must be one line");
    assertEquals(Spi.VERSION, plugin.spiVersion(), who + ": spiVersion()");

    ParameterSchema schema = plugin.parameters();
    assertNotNull(schema, who + ": parameters()");
    for (ParameterSpec spec : schema.specs()) {
      assertParameterSound(who, spec);
    }
    PluginParameters defaults = null;
    try {
      defaults = schema.defaults();
    } catch (RuntimeException e) {
      fail(who + ": the defaults of its parameters do not resolve: " + e.getMessage(), e);
    }
    Object component = null;
    try {
      component = plugin.create(defaults);
    } catch (RuntimeException e) {
      fail(who + ": create(defaults) threw: " + e, e);
    }
    assertNotNull(component, who + ": create(defaults) returned null");
  }

  /**
   * Checks that {@link PluginRegistry#fromClassPath()} finds the plugin of this kind and name and
   * knows where it came from.
   *
   * @return the registry's descriptor of the plugin
   */
  public static PluginDescriptor assertDiscoverable(PluginKind kind, String name) {
    PluginRegistry registry = null;
    try {
      registry = PluginRegistry.fromClassPath();
    } catch (PluginException e) {
      fail("the plugins on the class path do not load: " + e.getMessage(), e);
    }
    PluginDescriptor found = null;
    try {
      found = registry.find(kind, name);
    } catch (PluginException e) {
      fail(e.getMessage(), e);
    }
    assertEquals(kind, found.kind(), "kind of " + name);
    assertEquals(name, found.name(), "name of the plugin found for " + name);
    assertNotBlank(found.origin(), kind.label() + " plugin '" + name + "': origin");
    assertNotEquals("unknown", found.origin(),
        kind.label() + " plugin '" + name + "': the registry cannot tell where it came from");
    return found;
  }

  /**
   * Runs every check on a loss plugin: {@link #assertConforms}, {@link #assertDiscoverable}, and on
   * the loss its defaults build, {@link #assertLossBuildsAndDifferentiates}, {@link
   * #assertTeacherUseDeclared} and {@link #assertDeterministic}.
   */
  public static void assertLossPluginConforms(DistillationLossPlugin plugin) {
    assertConforms(plugin);
    assertDiscoverable(PluginKind.LOSS, plugin.name());
    DistillationLoss loss = plugin.create(plugin.parameters().defaults());
    assertLossBuildsAndDifferentiates(loss);
    assertTeacherUseDeclared(loss);
    assertDeterministic(loss);
  }

  /**
   * Checks that a loss builds on a tiny graph through the scope it is given, adds no variables,
   * returns finite float32 values of shape [batch], and that the mean loss has a finite, non-zero
   * gradient with respect to the student's logits (a variable), built by {@code
   * Graph.addGradients} (so every op on the path has a registered gradient).
   */
  public static void assertLossBuildsAndDifferentiates(DistillationLoss loss) {
    Evaluation e = evaluate(loss, Batch.random(SEED), false);
    String who = "loss " + loss.getClass().getName();
    assertEquals(Shape.of(BATCH), e.valueShape, who + ": shape of the per-example loss");
    for (int i = 0; i < BATCH; i++) {
      assertTrue(Float.isFinite(e.values[i]), who + ": loss of example " + i + " is " + e.values[i]);
    }
    assertEquals(Shape.of(BATCH, CLASSES), e.gradientShape,
        who + ": shape of the gradient w.r.t. the student logits");
    boolean nonZero = false;
    for (float[] row : e.gradient) {
      for (float g : row) {
        assertTrue(Float.isFinite(g), who + ": gradient w.r.t. the student logits is " + g);
        nonZero |= g != 0f;
      }
    }
    assertTrue(nonZero, who + ": the gradient w.r.t. the student logits is zero everywhere");
  }

  /**
   * Checks that {@link DistillationLoss#usesTeachers()} tells the truth. A loss that says it does
   * not use the teachers must build with zero teachers and give the same values whatever the
   * teachers' logits are; one that says it does must change when the teachers change (here: from
   * random to confidently correct on every example).
   */
  public static void assertTeacherUseDeclared(DistillationLoss loss) {
    Batch random = Batch.random(SEED);
    String who = "loss " + loss.getClass().getName();
    float[] base = evaluate(loss, random, true).values;
    float[] confident = evaluate(loss, random.withConfidentTeachers(), true).values;
    if (loss.usesTeachers()) {
      assertFalse(Arrays.equals(base, confident),
          who + " says it uses the teachers, but its values do not change with their logits");
    } else {
      assertArrayEquals(base, confident, 0f,
          who + " says it does not use the teachers, but its values change with their logits");
      assertArrayEquals(base, evaluate(loss, random.withoutTeachers(), true).values, 0f,
          who + " says it does not use the teachers, but differs when there are none");
    }
  }

  /**
   * Checks that a loss built twice in fresh graphs on the same inputs, each run in a
   * single-threaded session, gives bit-identical values and gradients.
   */
  public static void assertDeterministic(DistillationLoss loss) {
    Batch batch = Batch.random(SEED + 1);
    Evaluation first = evaluate(loss, batch, true);
    Evaluation second = evaluate(loss, batch, true);
    String who = "loss " + loss.getClass().getName();
    assertArrayEquals(first.values, second.values, 0f, who + ": values differ between two runs");
    for (int i = 0; i < BATCH; i++) {
      assertArrayEquals(first.gradient[i], second.gradient[i], 0f,
          who + ": gradients of example " + i + " differ between two runs");
    }
  }

  /**
   * Runs every check on a candidate-operation plugin: {@link #assertConforms}, {@link
   * #assertDiscoverable}, and {@link #assertOperationConforms(CandidateOperation)} on the
   * operation its defaults build.
   */
  public static void assertOperationPluginConforms(CandidateOperationPlugin plugin) {
    assertConforms(plugin);
    assertDiscoverable(PluginKind.OPERATION, plugin.name());
    assertOperationConforms(plugin.create(plugin.parameters().defaults()));
  }

  /**
   * Runs {@link #assertOperationConforms(CandidateOperation, FeatureShape, int, int)} for every
   * input of {@link #OPERATION_INPUTS}, channel count of {@link #OPERATION_OUT_CHANNELS} and
   * stride of {@link #OPERATION_STRIDES}.
   */
  public static void assertOperationConforms(CandidateOperation op) {
    assertNotNull(op, "operation");
    for (FeatureShape input : OPERATION_INPUTS) {
      for (int outChannels : OPERATION_OUT_CHANNELS) {
        for (int stride : OPERATION_STRIDES) {
          assertOperationConforms(op, input, outChannels, stride);
        }
      }
    }
  }

  /**
   * Checks one configuration of a candidate operation, built on a float32 input of shape [-1,
   * height, width, channels] (unknown batch size) through the runtime's {@link
   * io.kdas.layers.GraphLayerContext}, a training and an inference tower sharing one {@link
   * io.kdas.layers.VariableStore}:
   *
   * <ul>
   *   <li>it builds in training and in inference mode, only through the context it is given
   *       (ops in its scope, variables only from the context), and the output has the static
   *       shape [-1, ceil(height / stride), ceil(width / stride), outChannels];
   *   <li>{@code cost().parameters()} and {@code cost().stateScalars()} equal the scalars of the
   *       trainable and state variables it created, and {@code cost().flops()} the
   *       multiply-accumulates per example counted by {@link GraphMacs} on its inference graph;
   *   <li>building it again, for inference or in the same context, reuses its variables;
   *   <li>on a seeded random batch of 2 its outputs are finite and of the right shape, and the
   *       moving-average updates of its batch norms run;
   *   <li>a random weighting of its training output has a finite gradient (from {@code
   *       Graph.addGradients}) w.r.t. every trainable variable it created; the gradient w.r.t.
   *       the input may be absent (an operation that outputs zeros) but is finite where present;
   *   <li>the gradient of the same weighting of its inference output agrees with finite
   *       differences along a random direction, wherever the output is smooth enough to tell
   *       (this catches registered gradients that are wrong, e.g. TensorFlow's for dilated
   *       convolutions, which ignore the dilation).
   * </ul>
   */
  public static void assertOperationConforms(
      CandidateOperation op, FeatureShape input, int outChannels, int stride) {
    assertNotNull(op, "operation");
    new OperationConformance(op, input, outChannels, stride).check();
  }

  private static void assertServiceLoaderCanCreate(Plugin<?> plugin) {
    Class<?> type = plugin.getClass();
    assertTrue(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()),
        type.getName() + ": ServiceLoader needs a public concrete class");
    assertTrue(type.getEnclosingClass() == null || Modifier.isStatic(type.getModifiers()),
        type.getName() + ": ServiceLoader cannot create an inner (non-static) class");
    Object again;
    try {
      again = type.getConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      fail(type.getName() + ": ServiceLoader needs a public no-argument constructor", e);
      return;
    } catch (InvocationTargetException e) {
      fail(type.getName() + ": its constructor threw " + e.getCause(), e.getCause());
      return;
    } catch (ReflectiveOperationException e) {
      fail(type.getName() + ": cannot be instantiated: " + e, e);
      return;
    }
    assertEquals(plugin.name(), ((Plugin<?>) again).name(),
        type.getName() + ": two instances report different names");
  }

  private static void assertParameterSound(String who, ParameterSpec spec) {
    assertNotBlank(spec.name(), who + ": a parameter without a name");
    String what = who + ": parameter '" + spec.name() + "'";
    assertNotNull(spec.type(), what + ": type");
    assertNotBlank(spec.description(), what + ": description");
    switch (spec.type()) {
      case CHOICE -> assertFalse(spec.choices().isEmpty(), what + ": no choices");
      case NUMBER, INTEGER -> assertTrue(spec.min() <= spec.max(), what + ": min > max");
      case BOOLEAN -> { }
    }
  }

  private static void assertNotBlank(String s, String what) {
    assertNotNull(s, what + " is null");
    assertFalse(s.isBlank(), what + " is blank");
  }

  /** Inputs of one loss check. */
  private record Batch(float[][] student, float[][][] teachers, int[] labels) {

    static Batch random(long seed) {
      Random random = new Random(seed);
      float[][] student = new float[BATCH][CLASSES];
      float[][][] teachers = new float[BATCH][TEACHERS][CLASSES];
      int[] labels = new int[BATCH];
      for (int b = 0; b < BATCH; b++) {
        labels[b] = random.nextInt(CLASSES);
        for (int c = 0; c < CLASSES; c++) {
          student[b][c] = (float) (2 * random.nextGaussian());
          for (int k = 0; k < TEACHERS; k++) {
            teachers[b][k][c] = (float) (2 * random.nextGaussian());
          }
        }
      }
      return new Batch(student, teachers, labels);
    }

    /** The same batch with every teacher giving the true label a logit 10 above its others. */
    Batch withConfidentTeachers() {
      float[][][] t = new float[BATCH][TEACHERS][CLASSES];
      for (int b = 0; b < BATCH; b++) {
        for (int k = 0; k < TEACHERS; k++) {
          float max = Float.NEGATIVE_INFINITY;
          for (int c = 0; c < CLASSES; c++) {
            t[b][k][c] = teachers[b][k][c];
            max = Math.max(max, t[b][k][c]);
          }
          t[b][k][labels[b]] = max + 10f;
        }
      }
      return new Batch(student, t, labels);
    }

    /** The same batch with no teachers: teacher logits of shape [batch, 0, classes]. */
    Batch withoutTeachers() {
      return new Batch(student, null, labels);
    }

    int teacherCount() {
      return teachers == null ? 0 : TEACHERS;
    }
  }

  /** What one build and run of a loss gave. */
  private record Evaluation(
      float[] values, Shape valueShape, float[][] gradient, Shape gradientShape) {}

  private static Evaluation evaluate(DistillationLoss loss, Batch batch, boolean singleThreaded) {
    String who = "loss " + loss.getClass().getName();
    ConfigProto config =
        singleThreaded
            ? ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(1)
                .setInterOpParallelismThreads(1)
                .build()
            : ConfigProto.getDefaultInstance();
    try (Graph g = new Graph(); Session s = new Session(g, config)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> student = tf.variable(tf.constant(batch.student));
      Operand<TFloat32> teachers =
          batch.teachers == null
              ? tf.zeros(tf.constant(new int[] {BATCH, 0, CLASSES}), TFloat32.class)
              : tf.constant(batch.teachers);
      Operand<TInt32> labels = tf.constant(batch.labels);
      Set<String> before = GraphOperations.names(g);
      Operand<TFloat32> perExample;
      try {
        perExample = loss.perExampleLoss(tf.withSubScope(LOSS_SCOPE),
            new DistillationInputs(student, teachers, labels, CLASSES, batch.teacherCount()));
      } catch (RuntimeException e) {
        fail(who + ": perExampleLoss threw " + e, e);
        return null;
      }
      assertNotNull(perExample, who + ": perExampleLoss returned null");
      for (GraphOperation op : GraphOperations.addedSince(g, before)) {
        assertTrue(op.name().startsWith(LOSS_SCOPE + "/"),
            who + ": op " + op.name() + " was not built through the scope the loss was given");
        assertFalse(VARIABLE_OPS.contains(op.type()),
            who + ": a loss must not add variables, but added " + op.name());
      }
      Operand<TFloat32> mean = tf.math.mean(perExample, tf.constant(0));
      Output<?> gradient;
      try {
        gradient = g.addGradients(mean.asOutput(), new Output<?>[] {student.asOutput()})[0];
      } catch (RuntimeException e) {
        fail(who + ": cannot differentiate the loss (an op without a registered gradient?): "
            + e.getMessage(), e);
        return null;
      }
      // addGradients reports "no gradient" (e.g. all paths pass StopGradient) as an output with
      // index -1 and a null operation.
      assertTrue(gradient.index() >= 0, who + ": no gradient reaches the student logits");
      try (Result r = s.runner().fetch(perExample).fetch(gradient).run()) {
        TFloat32 values = (TFloat32) r.get(0);
        TFloat32 grad = (TFloat32) r.get(1);
        float[] v = values.rank() == 1 ? StdArrays.array1dCopyOf(values) : new float[0];
        float[][] d = grad.rank() == 2 ? StdArrays.array2dCopyOf(grad) : new float[0][];
        return new Evaluation(v, values.shape(), d, grad.shape());
      }
    }
  }


}
