package io.kdas.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.PluginDescriptor;
import io.kdas.api.PluginKind;
import io.kdas.api.loss.DistillationInputs;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.loss.DistillationLossPlugin;
import io.kdas.api.loss.LossMath;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.ParameterSpec;
import io.kdas.api.param.PluginParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The conformance kit passes a conformant plugin and catches each kind of non-conformance. */
class PluginConformanceTest {

  @Test
  void aConformantPluginConforms() {
    PluginConformance.assertLossPluginConforms(new Good());
    PluginDescriptor d = PluginConformance.assertDiscoverable(PluginKind.LOSS, Good.NAME);
    assertEquals(Good.class, d.plugin().getClass());
  }

  @Test
  void anUndiscoverablePluginFails() {
    assertKitFails(
        () -> PluginConformance.assertDiscoverable(PluginKind.LOSS, "not-installed"),
        "no loss plugin named 'not-installed'");
  }

  @Test
  void aNameThatIsNotLowerCaseHyphenatedWordsFails() {
    assertKitFails(() -> PluginConformance.assertConforms(new BadName()),
        "must be lower-case words joined by hyphens");
  }

  @Test
  void defaultsThatDoNotResolveFail() {
    assertKitFails(() -> PluginConformance.assertConforms(new BadDefault()),
        "defaults of its parameters do not resolve");
  }

  @Test
  void aPluginServiceLoaderCannotCreateFails() {
    assertKitFails(() -> PluginConformance.assertConforms(new Hidden()),
        "ServiceLoader needs a public concrete class");
  }

  @Test
  void aPluginBuiltForAnotherSpiFails() {
    assertKitFails(() -> PluginConformance.assertConforms(new OtherSpi()), "spiVersion()");
  }

  @Test
  void aLossWithoutAGradientForTheStudentFails() {
    assertKitFails(
        () -> PluginConformance.assertLossBuildsAndDifferentiates(
            loss((tf, in) -> tf.stopGradient(ce(tf, in)), false)),
        "no gradient reaches the student logits");
  }

  @Test
  void aLossUsingAnOpWithoutARegisteredGradientFails() {
    assertKitFails(
        () -> PluginConformance.assertLossBuildsAndDifferentiates(
            loss((tf, in) -> tf.nn.sparseSoftmaxCrossEntropyWithLogits(
                in.studentLogits(), in.labels()).loss(), false)),
        "cannot differentiate the loss");
  }

  @Test
  void aLossOfTheWrongShapeFails() {
    assertKitFails(
        () -> PluginConformance.assertLossBuildsAndDifferentiates(
            loss((tf, in) -> tf.expandDims(ce(tf, in), tf.constant(-1)), false)),
        "shape of the per-example loss");
  }

  @Test
  void aLossThatAddsVariablesFails() {
    assertKitFails(
        () -> PluginConformance.assertLossBuildsAndDifferentiates(
            loss((tf, in) -> tf.math.mul(tf.variable(tf.constant(1f)), ce(tf, in)), false)),
        "must not add variables");
  }

  @Test
  void aLossThatBuildsOutsideItsScopeFails() {
    assertKitFails(
        () -> PluginConformance.assertLossBuildsAndDifferentiates(
            loss((tf, in) -> ce(Ops.create(tf.scope().env()), in), false)),
        "was not built through the scope the loss was given");
  }

  @Test
  void aLossThatReadsTeachersButSaysItDoesNotFails() {
    assertKitFails(
        () -> PluginConformance.assertTeacherUseDeclared(loss(PluginConformanceTest::kd, false)),
        "says it does not use the teachers");
  }

  @Test
  void aLossThatSaysItUsesTeachersButIgnoresThemFails() {
    assertKitFails(
        () -> PluginConformance.assertTeacherUseDeclared(loss(PluginConformanceTest::ce, true)),
        "says it uses the teachers");
    PluginConformance.assertTeacherUseDeclared(loss(PluginConformanceTest::kd, true));
    PluginConformance.assertTeacherUseDeclared(loss(PluginConformanceTest::ce, false));
  }

  @Test
  void aRandomLossFailsTheDeterminismCheck() {
    DistillationLoss noisy =
        loss((tf, in) -> tf.math.add(ce(tf, in),
            tf.random.randomUniform(tf.shape(in.labels()), TFloat32.class)), false);
    assertKitFails(() -> PluginConformance.assertDeterministic(noisy), "differ between two runs");
    PluginConformance.assertDeterministic(loss(PluginConformanceTest::kd, true));
  }

  private static void assertKitFails(Executable check, String expected) {
    AssertionFailedError e = assertThrows(AssertionFailedError.class, check);
    assertTrue(e.getMessage().contains(expected),
        "expected a failure mentioning \"" + expected + "\", got: " + e.getMessage());
  }

  private static Operand<TFloat32> ce(Ops tf, DistillationInputs in) {
    return LossMath.crossEntropy(tf, in.studentLogits(), in.labels(), in.classes());
  }

  private static Operand<TFloat32> kd(Ops tf, DistillationInputs in) {
    Operand<TFloat32> target = LossMath.ensembleTarget(tf, tf.stopGradient(in.teacherLogits()), 2f);
    return LossMath.softenedKl(tf, target, in.studentLogits(), 2f);
  }

  private interface Formula {
    Operand<TFloat32> apply(Ops tf, DistillationInputs in);
  }

  private static DistillationLoss loss(Formula formula, boolean usesTeachers) {
    return new DistillationLoss() {
      @Override
      public Operand<TFloat32> perExampleLoss(Ops tf, DistillationInputs in) {
        return formula.apply(tf, in);
      }

      @Override
      public boolean usesTeachers() {
        return usesTeachers;
      }
    };
  }

  /**
   * A conformant plugin to derive the broken ones from, registered in this module's test
   * resources under {@code META-INF/services} so that the registry finds it.
   */
  public static class Good implements DistillationLossPlugin {
    static final String NAME = "good-loss";

    @Override
    public int spiVersion() {
      return io.kdas.api.Spi.VERSION;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public String description() {
      return "a conformant test plugin";
    }

    @Override
    public ParameterSchema parameters() {
      return ParameterSchema.empty();
    }

    @Override
    public DistillationLoss create(PluginParameters parameters) {
      return loss(PluginConformanceTest::ce, false);
    }
  }

  /** A plugin with a name run specs cannot use. */
  public static class BadName extends Good {
    @Override
    public String name() {
      return "Scaled_CE";
    }
  }

  /** A plugin whose declared default is outside its own range. */
  public static class BadDefault extends Good {
    @Override
    public ParameterSchema parameters() {
      return ParameterSchema.of(ParameterSpec.number("alpha", 2, 0, 1, "weight"));
    }
  }

  /** A plugin for another SPI version. */
  public static class OtherSpi extends Good {
    @Override
    public int spiVersion() {
      return 2;
    }
  }

  /** Not public: ServiceLoader could not create it. */
  static class Hidden extends Good {}
}
