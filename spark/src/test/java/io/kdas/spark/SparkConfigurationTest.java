package io.kdas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.proto.DeviceSpec;
import io.kdas.proto.RunSpec;
import io.kdas.runtime.run.SessionConfig;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The Spark settings a run asks for, and how a worker pins TensorFlow to its GPU. */
class SparkConfigurationTest {

  private static RunSpec on(DeviceSpec.Device device) {
    return RunSpec.newBuilder().setDevice(DeviceSpec.newBuilder().setDevice(device)).build();
  }

  @Test
  void aGpuRunAsksOneGpuPerTaskAndACpuRunNone() {
    SparkConf gpu = SparkExecutor.configuration(new SparkConf(false), "spark://127.0.0.1:7077",
        on(DeviceSpec.Device.GPU));
    assertEquals("1", gpu.get("spark.task.resource.gpu.amount"));
    assertTrue(gpu.get("spark.executor.extraClassPath").contains("/"),
        "executors get the driver's absolute class path");
    SparkConf cpu = SparkExecutor.configuration(new SparkConf(false), "spark://127.0.0.1:7077",
        on(DeviceSpec.Device.CPU));
    assertFalse(cpu.contains("spark.task.resource.gpu.amount"));
    assertEquals("3", cpu.get("spark.task.maxFailures"), "a lost executor's task runs again");
    assertEquals("false", cpu.get("spark.speculation"), "no task runs twice at once");
  }

  @Test
  void settingsGivenAsSystemPropertiesWin() {
    SparkConf given = new SparkConf(false).set("spark.task.maxFailures", "8")
        .set("spark.task.resource.gpu.amount", "0.5");
    SparkExecutor.configuration(given, "local[2]", on(DeviceSpec.Device.GPU));
    assertEquals("8", given.get("spark.task.maxFailures"));
    assertEquals("0.5", given.get("spark.task.resource.gpu.amount"));
    assertFalse(given.contains("spark.executor.extraClassPath"), "local mode: one JVM");
  }

  @Test
  void theAssignedGpuBecomesTensorFlowsOnlyVisibleDevice() {
    DeviceSpec device = DeviceSpec.newBuilder().setDevice(DeviceSpec.Device.GPU)
        .setVisibleGpus("3").build();
    assertEquals("3", SessionConfig.of(device).getGpuOptions().getVisibleDeviceList());
    assertEquals("", RunTask.gpus(), "outside a task Spark assigned nothing");
  }
}
