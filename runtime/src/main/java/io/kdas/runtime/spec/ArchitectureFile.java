package io.kdas.runtime.spec;

import com.google.protobuf.TextFormat;
import io.kdas.proto.Architecture;
import io.kdas.runtime.model.ModelDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Architectures as text files: what a search writes and what {@code kdas train --arch} reads. */
public final class ArchitectureFile {

  private ArchitectureFile() {}

  /**
   * Reads and checks an architecture file.
   *
   * @throws SpecException naming the file (and line) if it is missing or malformed
   */
  public static Architecture read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new SpecException(path + ": no such architecture file");
    } catch (IOException e) {
      throw new SpecException(path + ": cannot read: " + e.getMessage());
    }
    Architecture.Builder b = Architecture.newBuilder();
    try {
      TextFormat.Parser.newBuilder().setSingularOverwritePolicy(
          TextFormat.Parser.SingularOverwritePolicy.FORBID_SINGULAR_OVERWRITES).build()
          .merge(text, b);
    } catch (TextFormat.ParseException e) {
      throw new SpecException(path + ":" + e.getLine() + ":" + e.getColumn() + ": "
          + e.getMessage().replaceFirst("^\\d+:\\d+: ", ""));
    }
    Architecture a = b.build();
    if (!a.hasBackbone()) {
      throw new SpecException(path + ": backbone is required (the model the layers go on)");
    }
    if (a.getLayerCount() != a.getPositionCount()) {
      throw new SpecException(path + ": " + a.getLayerCount() + " layers but "
          + a.getPositionCount() + " positions; each layer needs one position");
    }
    try {
      String problem = ModelDefinition.positionProblem(SpecDefaults.fill(a.getBackbone()),
          a.getPositionList());
      if (problem != null) {
        throw new SpecException(path + ": " + problem);
      }
    } catch (IllegalArgumentException e) {
      throw new SpecException(path + ": backbone: " + e.getMessage());
    }
    return a;
  }
}
