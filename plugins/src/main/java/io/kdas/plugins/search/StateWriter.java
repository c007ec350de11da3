package io.kdas.plugins.search;

import io.kdas.api.search.SearchSpace;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a strategy's state: a header (magic, strategy name, format version, the space) that
 * {@link StateReader} checks, then the strategy's fields in a fixed order. Doubles are written
 * bit-exactly, so a restored strategy continues with the same proposals.
 */
final class StateWriter {

  static final int MAGIC = 0x4b444153; // "KDAS"

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final DataOutputStream out = new DataOutputStream(bytes);

  StateWriter(String strategy, int format, SearchSpace space) {
    writeInt(MAGIC);
    writeString(strategy);
    writeInt(format);
    writeInt(space.layers());
    writeInt(space.connections());
    writeInt(space.operations().size());
    space.operations().forEach(this::writeString);
  }

  StateWriter writeInt(int v) {
    return io(() -> out.writeInt(v));
  }

  StateWriter writeLong(long v) {
    return io(() -> out.writeLong(v));
  }

  StateWriter writeDouble(double v) {
    return io(() -> out.writeDouble(v));
  }

  StateWriter writeString(String v) {
    return io(() -> out.writeUTF(v));
  }

  StateWriter writeDoubles(double[] v) {
    writeInt(v.length);
    for (double d : v) {
      writeDouble(d);
    }
    return this;
  }

  StateWriter writeGenome(Genome g) {
    writeInt(g.length());
    for (int p = 0; p < g.length(); p++) {
      writeInt(g.get(p));
    }
    return this;
  }

  byte[] toByteArray() {
    io(out::flush);
    return bytes.toByteArray();
  }

  private interface Write {
    void run() throws IOException;
  }

  private StateWriter io(Write write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen on a ByteArrayOutputStream
    }
    return this;
  }
}
