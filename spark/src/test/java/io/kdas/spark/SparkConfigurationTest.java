package io.kdas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.proto.DeviceSpec;
import io.kdas.proto.ExecutorSpec;
import io.kdas.proto.RunSpec;
import io.kdas.proto.SparkExecutorSpec;
import io.kdas.runtime.train.SessionConfig;
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
  void theSpecsExecutorSectionSetsCoresMemoryAndConf() {
    RunSpec spec = RunSpec.newBuilder().setExecutor(ExecutorSpec.newBuilder().setSpark(
        SparkExecutorSpec.newBuilder().setMaster("spark://127.0.0.1:7077").setCoresPerTask(2)
            .setExecutorMemory("3g").putConf("spark.network.timeout", "300s"))).build();
    SparkConf conf = SparkExecutor.configuration(new SparkConf(false).set("spark.task.cpus", "4"),
        "spark://127.0.0.1:7077", spec);
    assertEquals("4", conf.get("spark.task.cpus"), "a -Dspark.* property wins");
    assertEquals("3g", conf.get("spark.executor.memory"));
    assertEquals("300s", conf.get("spark.network.timeout"));
  }

  @Test
  void aTaskThatFailsEveryAttemptIsReportedByItsOwnError() {
    String report = "Job aborted due to stage failure: Task 0 in stage 3.0 failed 3 times, "
        + "most recent failure: Lost task 0.2 in stage 3.0 (TID 7) (127.0.0.1 executor 1): "
        + "java.lang.IllegalStateException: teacher-2 diverged at epoch 1\n\tat a.b.C(C.java:1)";
    assertEquals("java.lang.IllegalStateException: teacher-2 diverged at epoch 1 (failed 3 "
        + "times)", SparkExecutor.cause(report));
  }

  @Test
  void theAssignedGpuBecomesTensorFlowsOnlyVisibleDevice() {
    DeviceSpec device = DeviceSpec.newBuilder().setDevice(DeviceSpec.Device.GPU)
        .setVisibleGpus("3").build();
    assertEquals("3", SessionConfig.of(device).getGpuOptions().getVisibleDeviceList());
    assertEquals("", RunTask.gpus(), "outside a task Spark assigned nothing");
  }
}
