package io.kdas.plugins.search;

import io.kdas.api.search.SearchSpace;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Reads a state written by {@link StateWriter}. Every problem — foreign bytes, another strategy,
 * another format version or space, a truncated or overlong state — is an {@link
 * IllegalArgumentException} that says what was expected.
 */
final class StateReader {

  private final DataInputStream in;
  private final String strategy;

  StateReader(byte[] state, String strategy, int format, SearchSpace space) {
    if (state == null) {
      throw new IllegalArgumentException("no state to restore for strategy '" + strategy + "'");
    }
    this.in = new DataInputStream(new ByteArrayInputStream(state));
    this.strategy = strategy;
    if (readInt() != StateWriter.MAGIC) {
      throw invalid("these bytes are not a saved search-strategy state");
    }
    String writer = readString();
    if (!writer.equals(strategy)) {
      throw invalid("the state was saved by strategy '" + writer + "'");
    }
    int version = readInt();
    if (version != format) {
      throw invalid("state format " + version + " is not the supported format " + format);
    }
    int layers = readInt();
    int connections = readInt();
    int count = readInt();
    String[] ops = new String[Math.max(0, Math.min(count, 4096))];
    for (int i = 0; i < ops.length; i++) {
      ops[i] = readString();
    }
    if (count != ops.length || layers != space.layers() || connections != space.connections()
        || !List.of(ops).equals(space.operations())) {
      throw invalid("the state was saved for another space (" + layers + " layers, "
          + connections + " connections, operations " + List.of(ops) + "), not " + space);
    }
  }

  int readInt() {
    try {
      return in.readInt();
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  /** An int in [min, max]. */
  int readInt(int min, int max, String what) {
    int v = readInt();
    if (v < min || v > max) {
      throw invalid(what + " " + v + " is outside [" + min + ", " + max + "]");
    }
    return v;
  }

  long readLong() {
    try {
      return in.readLong();
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  double readDouble() {
    try {
      return in.readDouble();
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  String readString() {
    try {
      return in.readUTF();
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  /** An array written by {@link StateWriter#writeDoubles}, of exactly {@code length} values. */
  double[] readDoubles(int length, String what) {
    readInt(length, length, "length of " + what);
    double[] v = new double[length];
    for (int i = 0; i < length; i++) {
      v[i] = readDouble();
    }
    return v;
  }

  /** A genome of the codec's space. */
  Genome readGenome(SpaceCodec codec) {
    int n = readInt(codec.positions(), codec.positions(), "genome length");
    int[] d = new int[n];
    for (int p = 0; p < n; p++) {
      d[p] = readInt(0, codec.radix(p) - 1, "decision " + p);
    }
    return Genome.of(d);
  }

  /** Checks that the whole state was read. */
  void end() {
    try {
      if (in.available() > 0) {
        throw invalid(in.available() + " bytes left over after the state");
      }
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("cannot restore strategy '" + strategy + "': " + why);
  }

  private IllegalArgumentException truncated(IOException e) {
    IllegalArgumentException x = invalid("the state is truncated or corrupt (" + e + ")");
    x.initCause(e);
    return x;
  }
}
