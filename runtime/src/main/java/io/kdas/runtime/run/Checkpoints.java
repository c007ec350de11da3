package io.kdas.runtime.run;

import io.kdas.runtime.train.Durable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Removes the temporary training checkpoints once their export exists. */
public final class Checkpoints {

  private Checkpoints() {}

  public static void delete(Path dir) {
    try {
      Durable.deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
