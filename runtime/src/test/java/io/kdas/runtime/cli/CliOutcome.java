package io.kdas.runtime.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one {@code kdas} invocation returned and printed, as a user sees it: the exit code,
 * standard output and standard error (which also carries the log).
 */
record CliOutcome(int code, String out, String err) {

  /** Runs {@code kdas args} in this JVM, capturing both streams. */
  static CliOutcome kdas(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = KdasCli.run(args);
      return new CliOutcome(code, o.toString(StandardCharsets.UTF_8),
          e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** The lines of the command line's own messages (the rest of stderr is the log). */
  List<String> errors() {
    return err.lines().filter(l -> l.startsWith("kdas: ")).toList();
  }
}
