package io.kdas.runtime.run;

import io.kdas.proto.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds runs of the same spec that stopped before finishing, so that a user who starts the run
 * again learns that it can be resumed instead of started over.
 */
public final class UnfinishedRuns {

  private static final Logger log = LoggerFactory.getLogger(UnfinishedRuns.class);

  private UnfinishedRuns() {}

  /** Logs a warning for each unfinished, unlocked run of {@code spec} in {@code parent}. */
  public static void warnAbout(Path parent, RunSpec spec) {
    if (!Files.isDirectory(parent)) {
      return;
    }
    List<Path> runs;
    try (Stream<Path> list = Files.list(parent)) {
      runs = list.filter(p -> p.getFileName().toString().startsWith(spec.getName() + "-"))
          .filter(p -> Files.isRegularFile(p.resolve("resolved-spec.textproto"))).sorted()
          .toList();
    } catch (IOException e) {
      return; // only advice: a folder that cannot be listed has none to give
    }
    for (Path run : runs) {
      try {
        if (!RunSummary.isFinished(run) && !RunLock.isHeld(run)
            && io.kdas.runtime.spec.SpecDifference.first(
                RunSpecs.read(run.resolve("resolved-spec.textproto")), spec) == null) {
          log.warn("{} holds an unfinished run of this spec: resume it with "
              + "'kdas run --resume {}' (starting a new run now)", run, run);
        }
      } catch (RuntimeException e) {
        // An unreadable old run is not this run's concern.
      }
    }
  }
}
