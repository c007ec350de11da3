package io.kdas.runtime.cli;

import io.kdas.proto.RunSpec;
import io.kdas.runtime.spec.SpecSource;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kdas train SPEC --arch FILE}: retrain and export a given architecture (e.g. a search's
 * {@code search/best-1.textproto}) with the spec's data, teachers and students, without searching.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train every student of SPEC on the architecture in FILE (backbone and add-on "
        + "layers), skipping the search, and export them.")
final class TrainCommand extends RunCommand {

  @Option(names = "--arch", paramLabel = "FILE", required = true,
      description = "architecture file (text format), e.g. runs/<run>/search/best-1.textproto")
  Path architecture;

  @Override
  public Integer call() throws IOException {
    SpecSource source = SpecSource.read(spec);
    RunSpec.Builder b = source.spec().toBuilder().clearSearch();
    for (int i = 0; i < b.getStudentCount(); i++) {
      b.getStudentBuilder(i).setArchitectureFile(architecture.toString());
    }
    return execute(source.withSpec(b.build()));
  }
}
