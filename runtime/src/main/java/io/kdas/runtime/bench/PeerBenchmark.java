package io.kdas.runtime.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the PyTorch peer script (channels_last; with {@code --bf16}, PyTorch's CPU autocast to
 * bfloat16) and reads its images per second.
 */
public final class PeerBenchmark {

  private static final Pattern RESULT = Pattern.compile("([0-9.]+) img/s");

  private final String python;
  private final Path script;
  private final int depth;
  private final int batch;
  private final int classes;
  private final int threads;
  private final boolean bf16;
  private String lastError = "";

  public PeerBenchmark(String python, Path script, int depth, int batch, int classes,
      int threads, boolean bf16) {
    this.python = python;
    this.script = script;
    this.depth = depth;
    this.batch = batch;
    this.classes = classes;
    this.threads = threads;
    this.bf16 = bf16;
  }

  /** One run of the peer with this many timed steps; empty if it failed. */
  public OptionalDouble imagesPerSecond(int steps) throws IOException, InterruptedException {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(python,
        script.toString(), "--n", "" + (depth - 2) / 6, "--batch", "" + batch, "--steps",
        "" + steps, "--threads", "" + threads, "--classes", "" + classes));
    if (bf16) {
      command.add("--bf16");
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      lastError = out.strip().lines().reduce((a, b) -> b).orElse("exit " + p.exitValue());
      return OptionalDouble.empty();
    }
    Matcher m = RESULT.matcher(out);
    if (!m.find()) {
      lastError = "no 'img/s' in its output";
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Double.parseDouble(m.group(1)));
  }

  public String lastError() {
    return lastError;
  }
}
