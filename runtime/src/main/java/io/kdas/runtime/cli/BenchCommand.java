package io.kdas.runtime.cli;

import picocli.CommandLine.Command;

/** {@code kdas bench}: the benchmarks whose numbers docs/BENCHMARKS.md reports. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: training throughput beside the PyTorch peer, and the cost of a "
        + "distillation epoch against a cross-entropy epoch.",
    subcommands = {ThroughputBenchCommand.class, DistillBenchCommand.class,
        SearchStepBenchCommand.class, PipelineBenchCommand.class})
final class BenchCommand {}
