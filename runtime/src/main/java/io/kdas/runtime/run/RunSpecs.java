package io.kdas.runtime.run;

import com.google.protobuf.TextFormat;
import io.kdas.proto.RunSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the resolved spec a run wrote into its folder. */
public final class RunSpecs {

  private RunSpecs() {}

  /** The spec in {@code file} (a run's {@code resolved-spec.textproto}). */
  public static RunSpec read(Path file) {
    try {
      RunSpec.Builder b = RunSpec.newBuilder();
      TextFormat.merge(Files.readString(file, StandardCharsets.UTF_8), b);
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
