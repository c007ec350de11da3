package io.kdas.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.Initializer;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import io.kdas.layers.GraphLayerContext;
import io.kdas.layers.VariableStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * The kit checks operations against the runtime's own layer context, not a copy of it: an
 * operation is built through {@link GraphLayerContext} and runs with the initial values that the
 * runtime's {@link VariableStore} gives its variables, so a change to the runtime's
 * initialization is what the kit checks plugins against.
 */
class KitUsesRuntimeLayersTest {

  private static final FeatureShape INPUT = new FeatureShape(8, 8, 4);
  private static final int OUT_CHANNELS = 4;

  @Test
  void anOperationIsBuiltThroughTheRuntimesContextAndRunsWithItsInitialValues() {
    InitialKernelProbe probe =
        new InitialKernelProbe(runtimeInitialKernel(OperationConformance.SEED));
    PluginConformance.assertOperationConforms(probe, INPUT, OUT_CHANNELS, 1);
    assertEquals(Set.of(GraphLayerContext.class), probe.contextTypes);
  }

  @Test
  void theProbeFailsWhenTheInitialValuesDiffer() {
    // Otherwise the passing run above could come from an assertion that never fires.
    InitialKernelProbe probe =
        new InitialKernelProbe(runtimeInitialKernel(OperationConformance.SEED + 1));
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> PluginConformance.assertOperationConforms(probe, INPUT, OUT_CHANNELS, 1));
    assertTrue(e.getMessage().contains(InitialKernelProbe.DIFFERS), e.getMessage());
  }

  /** The kernel's initial values from the runtime's store of this seed, in a graph of its own. */
  private static float[] runtimeInitialKernel(long seed) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Operand<TFloat32> kernel = VariableStore.seeded(g, seed).variable(
          InitialKernelProbe.KERNEL, InitialKernelProbe.kernelShape(INPUT.channels(), OUT_CHANNELS),
          Initializer.HE_NORMAL, true, true);
      try (Result r = s.runner().fetch(kernel).run()) {
        return OperationConformance.values((TFloat32) r.get(0));
      }
    }
  }

  /**
   * A 1x1 convolution and batch norm that records the type of every context it is built through.
   * Its training builds assert in the graph that the kernel starts at the expected values, so the
   * kit fails it (TensorFlow cannot run it) when the values it runs with differ.
   */
  private static final class InitialKernelProbe implements CandidateOperation {
    static final String KERNEL = "kernel";
    static final String DIFFERS = "the kernel does not start at the expected values";

    private final float[] expected;
    private final Set<Class<?>> contextTypes = new HashSet<>();

    InitialKernelProbe(float[] expected) {
      this.expected = expected;
    }

    static Shape kernelShape(int inChannels, int outChannels) {
      return Shape.of(1, 1, inChannels, outChannels);
    }

    @Override
    public Operand<TFloat32> build(
        LayerContext context, Operand<TFloat32> input, int outChannels, int stride) {
      contextTypes.add(context.getClass());
      Operand<TFloat32> y = Layers.conv2d(context, KERNEL, input, 1, outChannels, stride, 1);
      if (context.training()) {
        Shape shape = kernelShape(Layers.channels(input), outChannels);
        Operand<TFloat32> kernel = context.variable(KERNEL, shape, Initializer.HE_NORMAL, true);
        Ops tf = context.tf();
        Operand<TBool> same = tf.reduceAll(
            tf.math.equal(kernel, tf.constant(shape, DataBuffers.of(expected, true, false))),
            tf.constant(new int[] {0, 1, 2, 3}));
        y = tf.withControlDependencies(
                List.of(tf.assertThat(same, List.<Operand<?>>of(tf.constant(DIFFERS)))))
            .identity(y);
      }
      return context.batchNorm("bn", y);
    }

    @Override
    public OperationCost cost(FeatureShape input, int outChannels, int stride) {
      return Layers.conv2dCost(input, 1, outChannels, stride)
          .plus(Layers.batchNormCost(outChannels));
    }
  }
}
