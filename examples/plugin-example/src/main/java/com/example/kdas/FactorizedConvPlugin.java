package com.example.kdas;

import com.google.auto.service.AutoService;
import io.kdas.api.Spi;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.op.FeatureShape;
import io.kdas.api.op.Initializer;
import io.kdas.api.op.LayerContext;
import io.kdas.api.op.Layers;
import io.kdas.api.op.OperationCost;
import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.PluginParameters;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code conv-3x1-1x3}: a 3x3 receptive field from a 3x1 and a 1x3 convolution (ReLU, 3x1 conv
 * with the stride, 1x3 conv, batch norm), with a third fewer weights than a 3x3 convolution.
 */
@AutoService(CandidateOperationPlugin.class)
public final class FactorizedConvPlugin implements CandidateOperationPlugin {

  @Override
  public String name() {
    return "conv-3x1-1x3";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public int spiVersion() {
    return Spi.VERSION;
  }

  @Override
  public String description() {
    return "factorized 3x3 convolution: ReLU, 3x1 conv, 1x3 conv, batch norm";
  }

  @Override
  public ParameterSchema parameters() {
    return ParameterSchema.empty();
  }

  @Override
  public CandidateOperation create(PluginParameters parameters) {
    return new CandidateOperation() {
      @Override
      public Operand<TFloat32> build(LayerContext context, Operand<TFloat32> input,
          int outChannels, int stride) {
        Ops tf = context.tf();
        int in = Layers.channels(input);
        Operand<TFloat32> w1 = context.variable("kernel_3x1", Shape.of(3, 1, in, outChannels),
            Initializer.HE_NORMAL, true);
        Operand<TFloat32> w2 = context.variable("kernel_1x3",
            Shape.of(1, 3, outChannels, outChannels), Initializer.HE_NORMAL, true);
        Operand<TFloat32> x = tf.nn.conv2d(tf.nn.relu(input), w1,
            List.of(1L, (long) stride, (long) stride, 1L), "SAME");
        x = tf.nn.conv2d(x, w2, List.of(1L, 1L, 1L, 1L), "SAME");
        return context.batchNorm("bn", x);
      }

      @Override
      public OperationCost cost(FeatureShape input, int outChannels, int stride) {
        FeatureShape out = input.strided(stride, outChannels);
        long w1 = 3L * input.channels() * outChannels;
        long w2 = 3L * outChannels * outChannels;
        long macs = (w1 + w2) * out.height() * out.width();
        return new OperationCost(w1 + w2, 0, macs).plus(Layers.batchNormCost(outChannels));
      }
    };
  }
}
