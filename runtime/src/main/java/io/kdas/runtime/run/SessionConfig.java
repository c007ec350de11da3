package io.kdas.runtime.run;

import io.kdas.proto.DeviceSpec;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/** TensorFlow session options from the spec's device section. */
public final class SessionConfig {

  private SessionConfig() {}

  public static ConfigProto of(DeviceSpec device) {
    ConfigProto.Builder b = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(device.getIntraOpThreads())
        .setInterOpParallelismThreads(device.getInterOpThreads())
        .setAllowSoftPlacement(true);
    if (device.getDevice() == DeviceSpec.Device.CPU) {
      b.putDeviceCount("GPU", 0);
    } else {
      b.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true)
          .setVisibleDeviceList(device.getVisibleGpus()));
    }
    return b.build();
  }
}
