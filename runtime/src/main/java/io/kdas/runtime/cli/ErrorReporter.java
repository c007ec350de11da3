package io.kdas.runtime.cli;

import io.kdas.runtime.run.ExportMismatchException;
import io.kdas.runtime.train.NonFiniteOutputException;
import io.kdas.api.PluginException;
import io.kdas.runtime.data.DataException;
import io.kdas.runtime.spec.SpecException;
import io.kdas.runtime.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on the terminal. User mistakes (spec, data, plugins) exit with 2
 * and no stack trace; unexpected failures exit with 1 and keep the stack trace in the log only
 * when {@code --debug} is given.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (isUserMistake(e)) {
      err.println("kdas: error: " + e.getMessage());
      err.flush();
      return KdasCli.USAGE_ERROR;
    }
    if (e instanceof NonFiniteOutputException || e instanceof ExportMismatchException) {
      // The run measured something wrong and stopped: the message says what and where.
      err.println("kdas: failed: " + e.getMessage());
      err.flush();
      return 1;
    }
    err.println("kdas: failed: " + e);
    if (anyHas(parsed, "--debug")) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.println(trace);
    } else {
      err.println("kdas: run again with --debug for the stack trace");
    }
    err.flush();
    return 1;
  }

  static boolean isUserMistake(Throwable e) {
    return e instanceof SpecException || e instanceof PluginException
        || e instanceof DataException || e instanceof TrainingDivergedException;
  }

  /** Whether the option was given to the command or to any of its nested subcommands. */
  private static boolean anyHas(ParseResult parsed, String option) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }
}
