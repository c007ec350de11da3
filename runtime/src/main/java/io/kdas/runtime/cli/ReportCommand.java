package io.kdas.runtime.cli;

import io.kdas.runtime.report.RunReport;
import io.kdas.runtime.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kdas report RUN_DIR}: writes the run's report.html again from its files. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write RUN_DIR/report.html (summary, learning curves, search charts, "
        + "provenance) from the run's files; a run writes it as it goes.")
final class ReportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN_DIR", description = "a run folder (runs/<name>-<time>)")
  Path run;

  @Option(names = "--debug", description = "print stack traces of unexpected failures")
  boolean debug;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(run.resolve("resolved-spec.textproto"))) {
      throw new SpecException(run + " is not a run folder (no resolved-spec.textproto)");
    }
    System.out.println("report: " + RunReport.write(run));
    return 0;
  }
}
