package io.kdas.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.Initializer;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.PluginParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The operation checks of the kit pass a conformant operation and catch broken ones. */
class OperationConformanceTest {

  private static final FeatureShape INPUT = new FeatureShape(8, 8, 4);

  @Test
  void aConformantOperationPasses() {
    PluginConformance.assertOperationConforms(new Projection());
    PluginConformance.assertOperationConforms(new Separable(1));
    PluginConformance.assertConforms(new ProjectionPlugin());
  }

  @Test
  void aCorrectOperationWithKinksPassesTheFiniteDifferenceCheck() {
    // ReLUs and a max pool after the variables: float32 differences across a kink are erratic,
    // which the check must not mistake for a wrong gradient.
    PluginConformance.assertOperationConforms(new PostActivation(3));
    PluginConformance.assertOperationConforms(new PostActivation(1));
  }

  @Test
  void aCostOffByOneFails() {
    assertKitFails(new Projection() {
      @Override
      public OperationCost cost(FeatureShape input, int outChannels, int stride) {
        return super.cost(input, outChannels, stride).plus(new OperationCost(1, 0, 0));
      }
    }, "cost().parameters()");
    assertKitFails(new Projection() {
      @Override
      public OperationCost cost(FeatureShape input, int outChannels, int stride) {
        return super.cost(input, outChannels, stride).plus(new OperationCost(0, -1, 0));
      }
    }, "cost().stateScalars()");
    assertKitFails(new Projection() {
      @Override
      public OperationCost cost(FeatureShape input, int outChannels, int stride) {
        return super.cost(input, outChannels, stride).plus(new OperationCost(0, 0, 1));
      }
    }, "cost().flops()");
  }

  @Test
  void anOutputOfTheWrongShapeFails() {
    assertKitFails(new Projection() {
      @Override
      public Operand<TFloat32> build(
          LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
        return super.build(context, input, outChannels, 1); // ignores the stride
      }
    }, "static shape of the output");
  }

  @Test
  void variablesOutsideTheContextFail() {
    assertKitFails(new Projection() {
      @Override
      public Operand<TFloat32> build(
          LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
        Ops tf = context.tf();
        return tf.math.mul(tf.variable(tf.constant(1f)),
            super.build(context, input, outChannels, stride));
      }
    }, "creates variables outside its LayerContext");
  }

  @Test
  void opsOutsideTheContextsScopeFail() {
    assertKitFails(new Projection() {
      @Override
      public Operand<TFloat32> build(
          LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
        Ops root = Ops.create(context.tf().scope().env());
        return root.nn.relu(super.build(context, input, outChannels, stride));
      }
    }, "was not built through the LayerContext it was given");
  }

  @Test
  void variablesThatAreNotReusedFail() {
    assertKitFails(new Projection() {
      private int builds;

      @Override
      public Operand<TFloat32> build(
          LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
        Operand<TFloat32> scale = context.variable(
            "scale" + builds++, Shape.of(outChannels), Initializer.ONES, false);
        return context.tf().math.mul(scale, super.build(context, input, outChannels, stride));
      }

      @Override
      public OperationCost cost(FeatureShape input, int outChannels, int stride) {
        return super.cost(input, outChannels, stride).plus(new OperationCost(outChannels, 0, 0));
      }
    }, "instead of reusing them");
  }

  @Test
  void aVariableWithoutAGradientFails() {
    assertKitFails(new Projection() {
      @Override
      public Operand<TFloat32> build(
          LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
        return context.tf().stopGradient(super.build(context, input, outChannels, stride));
      }
    }, "no gradient reaches variable conv");
  }

  @Test
  void aWrongGradientFailsTheFiniteDifferenceCheck() {
    // TensorFlow's gradients of dilated DepthwiseConv2dNative and Conv2D ignore the dilation: if
    // this starts to pass, TF fixed them and dil-conv-3x3 could use the native op again. Without
    // oneDNN (CPUs without AVX-512) the dilated depthwise kernel does not even run: the kit must
    // fail either way.
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> PluginConformance.assertOperationConforms(new Separable(2), INPUT, 4, 1));
    assertTrue(e.getMessage().contains(
            "gradient w.r.t. variable depthwise does not match finite differences")
            || e.getMessage().contains("TensorFlow could not run the operation"),
        e.getMessage());
    assertKitFails(
        () -> PluginConformance.assertOperationConforms(new DilatedConv(), INPUT, 4, 1),
        "gradient w.r.t. variable conv does not match finite differences");
  }

  @Test
  void aFailingCostFails() {
    assertKitFails(new Projection() {
      @Override
      public OperationCost cost(FeatureShape input, int outChannels, int stride) {
        throw new IllegalStateException("boom");
      }
    }, "cost() threw");
  }

  private static void assertKitFails(CandidateOperation op, String expected) {
    assertKitFails(() -> PluginConformance.assertOperationConforms(op), expected);
  }

  private static void assertKitFails(Executable check, String expected) {
    AssertionFailedError e = assertThrows(AssertionFailedError.class, check);
    assertTrue(e.getMessage().contains(expected),
        "expected a failure mentioning \"" + expected + "\", got: " + e.getMessage());
  }

  /** ReLU, a strided 1x1 convolution, batch norm: a conformant operation. */
  static class Projection implements CandidateOperation {
    @Override
    public Operand<TFloat32> build(
        LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
      Operand<TFloat32> y = Layers.conv2d(
          context, "conv", context.tf().nn.relu(input), 1, outChannels, stride, 1);
      return context.batchNorm("bn", y);
    }

    @Override
    public OperationCost cost(FeatureShape input, int outChannels, int stride) {
      return Layers.conv2dCost(input, 1, outChannels, stride)
          .plus(Layers.batchNormCost(outChannels));
    }
  }

  /** A 3x3 depthwise convolution (native, optionally dilated), pointwise, batch norm. */
  record Separable(int dilation) implements CandidateOperation {
    @Override
    public Operand<TFloat32> build(
        LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
      // The native op with dilations, as Layers used to build it (Layers now refuses dilation).
      Operand<TFloat32> w = context.variable("depthwise",
          org.tensorflow.ndarray.Shape.of(3, 3, Layers.channels(input), 1),
          io.kdas.api.op.Initializer.HE_NORMAL, true);
      Operand<TFloat32> d = context.tf().nn.depthwiseConv2dNative(input, w,
          java.util.List.of(1L, (long) stride, (long) stride, 1L), "SAME",
          org.tensorflow.op.nn.DepthwiseConv2dNative.dilations(
              java.util.List.of(1L, (long) dilation, (long) dilation, 1L)));
      return context.batchNorm("bn", Layers.conv2d(context, "pointwise", d, 1, outChannels, 1,
          1));
    }

    @Override
    public OperationCost cost(FeatureShape input, int outChannels, int stride) {
      return Layers.depthwiseConv2dCost(input, 3, stride)
          .plus(Layers.conv2dCost(input.strided(stride, input.channels()), 1, outChannels, 1))
          .plus(Layers.batchNormCost(outChannels));
    }
  }

  /** A 3x3 convolution with dilation 2 through the native Conv2D, batch norm. */
  static class DilatedConv implements CandidateOperation {
    @Override
    public Operand<TFloat32> build(
        LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
      Operand<TFloat32> w = context.variable("conv",
          org.tensorflow.ndarray.Shape.of(3, 3, Layers.channels(input), outChannels),
          io.kdas.api.op.Initializer.HE_NORMAL, true);
      return context.batchNorm("bn", context.tf().nn.conv2d(input, w,
          java.util.List.of(1L, (long) stride, (long) stride, 1L), "SAME",
          org.tensorflow.op.nn.Conv2d.dilations(java.util.List.of(1L, 2L, 2L, 1L))));
    }

    @Override
    public OperationCost cost(FeatureShape input, int outChannels, int stride) {
      return Layers.conv2dCost(input, 3, outChannels, stride)
          .plus(Layers.batchNormCost(outChannels));
    }
  }

  /** Convolution, ReLU, max pool, convolution, ReLU, batch norm: kinks after each variable. */
  record PostActivation(int kernel) implements CandidateOperation {
    @Override
    public Operand<TFloat32> build(
        LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
      Ops tf = context.tf();
      Operand<TFloat32> y =
          tf.nn.relu(Layers.conv2d(context, "conv1", input, kernel, outChannels, stride, 1));
      y = tf.nn.maxPool(y, tf.constant(new int[] {1, 3, 3, 1}),
          tf.constant(new int[] {1, 1, 1, 1}), "SAME");
      y = tf.nn.relu(Layers.conv2d(context, "conv2", y, kernel, outChannels, 1, 1));
      return context.batchNorm("bn", y);
    }

    @Override
    public OperationCost cost(FeatureShape input, int outChannels, int stride) {
      return Layers.conv2dCost(input, kernel, outChannels, stride)
          .plus(Layers.conv2dCost(input.strided(stride, outChannels), kernel, outChannels, 1))
          .plus(Layers.batchNormCost(outChannels));
    }
  }

  /** A conformant plugin of {@link Projection}. */
  public static class ProjectionPlugin implements CandidateOperationPlugin {
    @Override
    public int spiVersion() {
      return io.kdas.api.Spi.VERSION;
    }

    @Override
    public String name() {
      return "test-projection";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public String description() {
      return "ReLU, 1x1 convolution, batch norm";
    }

    @Override
    public ParameterSchema parameters() {
      return ParameterSchema.empty();
    }

    @Override
    public CandidateOperation create(PluginParameters parameters) {
      return new Projection();
    }
  }
}
