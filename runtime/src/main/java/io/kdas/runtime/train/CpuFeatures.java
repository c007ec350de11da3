package io.kdas.runtime.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What this CPU offers TensorFlow's kernels (from {@code /proc/cpuinfo}) and whether oneDNN's
 * kernels are on: what decides whether bfloat16 pays and what every benchmark and run log
 * records beside its numbers.
 *
 * @param model the CPU's model name
 * @param flags its feature flags
 * @param oneDnn whether TensorFlow uses its oneDNN kernels in this process
 */
public record CpuFeatures(String model, Set<String> flags, boolean oneDnn) {

  /** The flags that matter for TensorFlow's CPU kernels, strongest first. */
  private static final List<String> REPORTED =
      List.of("amx_bf16", "avx512_bf16", "avx512_vnni", "avx512f", "avx2");

  private static volatile CpuFeatures thisMachine;

  /** This machine's CPU and this process's oneDNN setting (read once). */
  public static CpuFeatures ofThisMachine() {
    if (thisMachine == null) {
      String info;
      try {
        info = Files.readString(Path.of("/proc/cpuinfo"));
      } catch (IOException e) {
        info = ""; // not Linux: nothing known, which refuses bfloat16
      }
      thisMachine = parse(info, System.getenv());
    }
    return thisMachine;
  }

  /** From the text of {@code /proc/cpuinfo} and the process environment. */
  public static CpuFeatures parse(String cpuinfo, Map<String, String> env) {
    String model = cpuinfo.lines().filter(l -> l.startsWith("model name")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    String flagLine = cpuinfo.lines().filter(l -> l.startsWith("flags")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1)).orElse("");
    Set<String> flags = Arrays.stream(flagLine.trim().split("\\s+"))
        .filter(f -> !f.isEmpty()).collect(Collectors.toUnmodifiableSet());
    return new CpuFeatures(model, flags, oneDnnOn(env.get("TF_ENABLE_ONEDNN_OPTS"), flags));
  }

  /**
   * TensorFlow's own rule: the environment variable when set (1/true or 0/false), else on for
   * CPUs with AVX-512 (the launcher and the build set it to 1 everywhere, see docs/PRECISION.md).
   */
  static boolean oneDnnOn(String setting, Set<String> flags) {
    if (setting != null && !setting.isBlank()) {
      String s = setting.trim().toLowerCase(java.util.Locale.ROOT);
      return s.equals("1") || s.equals("true");
    }
    return flags.contains("avx512f");
  }

  /** The CPU's bfloat16 units: "AMX-BF16", "AVX512-BF16" or "none". */
  public String bf16Units() {
    if (flags.contains("amx_bf16")) {
      return "AMX-BF16";
    }
    return flags.contains("avx512_bf16") ? "AVX512-BF16" : "none";
  }

  /** Whether bfloat16 convolutions and matrix products run on units of their own. */
  public boolean hasBf16Units() {
    return !bf16Units().equals("none");
  }

  /** e.g. "AMD EPYC [avx2], bfloat16 units: none, oneDNN on". */
  public String describe() {
    List<String> found = new ArrayList<>();
    for (String f : REPORTED) {
      if (flags.contains(f)) {
        found.add(f);
      }
    }
    return model + " [" + String.join(" ", found) + "], bfloat16 units: " + bf16Units()
        + ", oneDNN " + (oneDnn ? "on" : "off");
  }
}
