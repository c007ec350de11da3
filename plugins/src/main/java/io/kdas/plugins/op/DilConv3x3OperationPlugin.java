package io.kdas.plugins.op;

import com.google.auto.service.AutoService;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.CandidateOperationPlugin;
import io.kdas.api.param.PluginParameters;

/**
 * {@code dil-conv-3x3}: ReLU, a "SAME" 3x3 depthwise convolution with dilation 2 (a 5x5 receptive
 * field for the weights of a 3x3) and the stride, a 1x1 pointwise convolution to the output
 * channels, batch norm, as DARTS's {@code dil_conv_3x3}. The dilated convolution is built from
 * undilated ops by {@code DilatedDepthwise}, because TensorFlow's gradient of a dilated {@code
 * DepthwiseConv2dNative} ignores the dilation. Cost on H x W x C_in to C_out, H' = ceil(H / s),
 * W' = ceil(W / s): parameters 9 C_in + C_in C_out + 2 C_out, state 2 C_out, multiply-accumulates
 * 9 C_in D_h D_w + H' W' C_in C_out, where D_h = H' and D_w = W' at stride 2, and D_h =
 * 2 ceil(H / 2), D_w = 2 ceil(W / 2) at stride 1 (there the depthwise convolution runs on the map
 * padded to even size and is cropped; on even sizes D = H'). See {@code SeparableConvOperation}.
 */
@AutoService(CandidateOperationPlugin.class)
public final class DilConv3x3OperationPlugin extends BuiltInOperationPlugin {

  /** The name run specs use. */
  public static final String NAME = "dil-conv-3x3";

  public DilConv3x3OperationPlugin() {
    super(NAME, "ReLU, 3x3 depthwise convolution with dilation 2, 1x1 pointwise, batch norm");
  }

  @Override
  public CandidateOperation create(PluginParameters parameters) {
    return new SeparableConvOperation(NAME, 3, 2);
  }
}
