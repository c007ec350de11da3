package io.kdas.runtime.run;

import io.kdas.runtime.train.Durable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completion records of a run's jobs (a teacher, the search, a student), which let a resumed
 * run skip what is done.
 *
 * <p>{@code RUN_DIR/jobs/<key>.done} lists every file the job wrote, with its size and CRC-32,
 * and the facts the run needs from the job without redoing it (a student's scores). It is
 * written last, atomically, after the outputs are synced: a job without a record, or whose files
 * no longer match their record, is not done, and its outputs are written again.
 */
final class JobRecords {

  private static final Logger log = LoggerFactory.getLogger(JobRecords.class);
  private static final String FILE = "file\t";
  private static final String FACT = "fact\t";

  private final Path root;

  JobRecords(Path runDir) {
    this.root = runDir;
  }

  /**
   * The facts of a completed job whose files are all as recorded, or null if it is not done
   * (a record that does not verify is named in the log and removed).
   */
  Map<String, String> completed(String key) {
    Path record = record(key);
    if (!Files.isRegularFile(record)) {
      return null;
    }
    Map<String, String> facts = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
        if (line.startsWith(FILE)) {
          String[] f = line.split("\t");
          Path file = root.resolve(f[1]);
          if (!Files.isRegularFile(file) || Files.size(file) != Long.parseLong(f[2])
              || crc(file) != Long.parseLong(f[3])) {
            log.warn("{}: {} is not as recorded; the job runs again", key, file);
            Files.delete(record);
            return null;
          }
        } else if (line.startsWith(FACT)) {
          int tab = line.indexOf('\t', FACT.length());
          facts.put(line.substring(FACT.length(), tab), line.substring(tab + 1));
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("{}: its completion record {} is unreadable ({}); the job runs again", key,
          record, e.toString());
      return null;
    }
    return facts;
  }

  /**
   * Records a job as done: every file under {@code outputs} (files or folders, relative to the
   * run directory) with its size and checksum, and {@code facts}.
   */
  void complete(String key, List<String> outputs, Map<String, String> facts) {
    StringBuilder text = new StringBuilder("# kdas job record 1: " + key + "\n");
    try {
      for (String output : outputs) {
        Path top = root.resolve(output);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(top)) {
          walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        Durable.syncTree(top);
        for (Path file : files) {
          text.append(FILE).append(root.relativize(file)).append('\t').append(Files.size(file))
              .append('\t').append(crc(file)).append('\n');
        }
      }
      facts.forEach((name, value) -> text.append(FACT).append(name).append('\t')
          .append(value.replace('\n', ' ')).append('\n'));
      Path record = record(key);
      Files.createDirectories(record.getParent());
      Path temp = record.resolveSibling(record.getFileName() + ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Durable.sync(temp);
      Files.move(temp, record, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      Durable.sync(record.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record job " + key + " as done", e);
    }
  }

  private Path record(String key) {
    return root.resolve("jobs").resolve(key + ".done");
  }

  private static long crc(Path file) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        crc.update(buffer, 0, n);
      }
    }
    return crc.getValue();
  }
}
