package io.kdas.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuFeaturesTest {

  static String cpuinfo(String model, String flags) {
    return "processor\t: 0\nvendor_id\t: X\nmodel name\t: " + model + "\nflags\t\t: " + flags
        + "\n\nprocessor\t: 1\nmodel name\t: " + model + "\nflags\t\t: " + flags + "\n";
  }

  @Test
  void namesTheStrongestBfloat16Units() {
    CpuFeatures amx = CpuFeatures.parse(cpuinfo("Xeon 8480", "fpu avx2 avx512f avx512_bf16 "
        + "amx_bf16 amx_tile"), Map.of());
    assertEquals("AMX-BF16", amx.bf16Units());
    assertTrue(amx.hasBf16Units());
    CpuFeatures avx512 = CpuFeatures.parse(cpuinfo("EPYC 9654", "avx2 avx512f avx512_bf16"),
        Map.of());
    assertEquals("AVX512-BF16", avx512.bf16Units());
    CpuFeatures avx2 = CpuFeatures.parse(cpuinfo("AMD EPYC", "fpu avx avx2 fma"), Map.of());
    assertEquals("none", avx2.bf16Units());
    assertFalse(avx2.hasBf16Units());
    // a flag is a whole word: "avx512_bf16x" or a prefix does not count
    assertFalse(CpuFeatures.parse(cpuinfo("X", "avx512_bf16x amx_bf"), Map.of()).hasBf16Units());
  }

  @Test
  void oneDnnFollowsTheEnvironmentElseTensorFlowsDefault() {
    String avx2 = cpuinfo("AMD EPYC", "avx2");
    String avx512 = cpuinfo("Xeon", "avx2 avx512f");
    assertFalse(CpuFeatures.parse(avx2, Map.of()).oneDnn(), "TensorFlow: off without AVX-512");
    assertTrue(CpuFeatures.parse(avx512, Map.of()).oneDnn(), "TensorFlow: on with AVX-512");
    assertTrue(CpuFeatures.parse(avx2, Map.of("TF_ENABLE_ONEDNN_OPTS", "1")).oneDnn());
    assertTrue(CpuFeatures.parse(avx2, Map.of("TF_ENABLE_ONEDNN_OPTS", "True")).oneDnn());
    assertFalse(CpuFeatures.parse(avx512, Map.of("TF_ENABLE_ONEDNN_OPTS", "0")).oneDnn());
  }

  @Test
  void describesModelFlagsUnitsAndOneDnn() {
    CpuFeatures cpu = CpuFeatures.parse(cpuinfo("AMD EPYC", "fpu avx2 fma avx512f"),
        Map.of("TF_ENABLE_ONEDNN_OPTS", "1"));
    assertEquals("AMD EPYC [avx512f avx2], bfloat16 units: none, oneDNN on", cpu.describe());
    assertEquals("unknown CPU [], bfloat16 units: none, oneDNN off",
        CpuFeatures.parse("", Map.of()).describe());
  }
}
