package io.kdas.runtime.cli;

import io.kdas.proto.DeviceSpec;
import io.kdas.runtime.train.CpuFeatures;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The machine a benchmark ran on, printed with its numbers: the numbers of a bfloat16 run mean
 * little without the CPU's bfloat16 units and whether oneDNN ran.
 */
final class BenchMachine {

  private BenchMachine() {}

  /** "FP32, 2 cores, CPU ..., date", and a warning line when BF16 would be emulated. */
  static String describe(DeviceSpec.Precision precision) {
    CpuFeatures cpu = CpuFeatures.ofThisMachine();
    String line = String.format(Locale.ROOT, "%s, %d cores, CPU %s, %s", precision,
        Runtime.getRuntime().availableProcessors(), cpu.describe(), LocalDate.now());
    if (precision == DeviceSpec.Precision.BF16 && !(cpu.hasBf16Units() && cpu.oneDnn())) {
      line += System.lineSeparator() + "warning: bfloat16 runs emulated without bfloat16 units "
          + "and oneDNN (kdas run refuses it there); measuring anyway";
    }
    return line;
  }
}
