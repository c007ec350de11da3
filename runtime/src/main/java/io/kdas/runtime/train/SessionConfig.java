package io.kdas.runtime.train;

import io.kdas.proto.DeviceSpec;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/** TensorFlow session options from the spec's device section. */
public final class SessionConfig {

  private SessionConfig() {}

  public static ConfigProto of(DeviceSpec device) {
    ConfigProto.Builder b = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(device.getIntraOpThreads())
        .setInterOpParallelismThreads(device.getInterOpThreads())
        .setAllowSoftPlacement(true);
    boolean cpu = device.getDevice() == DeviceSpec.Device.CPU;
    if (cpu) {
      b.putDeviceCount("GPU", 0);
    } else {
      b.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true)
          .setVisibleDeviceList(device.getVisibleGpus()));
    }
    if (device.getPrecision() == DeviceSpec.Precision.BF16) {
      // Grappler rewrites the graph: casts around the ops that are safe in 16 bits, variables,
      // optimizer updates and the numerically sensitive ops stay float32.
      RewriterConfig.Builder rewrite = RewriterConfig.newBuilder();
      if (cpu) {
        rewrite.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
      } else {
        rewrite.setAutoMixedPrecision(RewriterConfig.Toggle.ON);
      }
      b.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(rewrite));
    }
    return b.build();
  }

  /** Whether the session computes in 16 bits (bfloat16 on the CPU, float16 on the GPU). */
  public static boolean mixedPrecision(ConfigProto config) {
    RewriterConfig rewrite = config.getGraphOptions().getRewriteOptions();
    return rewrite.getAutoMixedPrecisionOnednnBfloat16() == RewriterConfig.Toggle.ON
        || rewrite.getAutoMixedPrecision() == RewriterConfig.Toggle.ON;
  }

  /** The same session in float32: how an export is served unless its server asks otherwise. */
  public static ConfigProto float32(ConfigProto config) {
    ConfigProto.Builder b = config.toBuilder();
    b.getGraphOptionsBuilder().getRewriteOptionsBuilder()
        .clearAutoMixedPrecisionOnednnBfloat16().clearAutoMixedPrecision();
    return b.build();
  }
}
