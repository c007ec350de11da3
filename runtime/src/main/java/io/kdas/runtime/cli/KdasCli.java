package io.kdas.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code kdas}. */
@Command(name = "kdas", mixinStandardHelpOptions = true, versionProvider = KdasCli.Version.class,
    description = "Knowledge distillation with architecture search: distill a small student "
        + "from a teacher ensemble with the oracle KD loss and export it as a SavedModel.",
    subcommands = {RunCommand.class, TrainCommand.class, SpaceCommand.class,
        PluginsCommand.class, BenchCommand.class, DataCommand.class, ReportCommand.class,
        AgreementCommand.class,
        CommandLine.HelpCommand.class})
public final class KdasCli {

  /** Exit code of a user mistake (bad spec, bad data, unknown plugin). */
  static final int USAGE_ERROR = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new KdasCli());
    cli.setExecutionExceptionHandler(new ErrorReporter());
    // A mistyped option is a user mistake like a bad spec: one line that names it, not the usage.
    cli.setParameterExceptionHandler((e, given) -> {
      CommandLine command = e.getCommandLine();
      String hint = e instanceof CommandLine.UnmatchedArgumentException u
          && !u.getSuggestions().isEmpty() ? "did you mean " + String.join(" or ",
              u.getSuggestions()) + "? " : "";
      command.getErr().println("kdas: error: " + e.getMessage() + " (" + hint + "see '"
          + command.getCommandSpec().qualifiedName() + " --help')");
      return USAGE_ERROR;
    });
    return cli.execute(args);
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = KdasCli.class.getPackage().getImplementationVersion();
      return new String[] {"kdas " + (v == null ? "development build" : v)};
    }
  }
}
