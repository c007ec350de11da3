package io.kdas.runtime.model;

import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import java.util.stream.Collectors;

/** How an architecture's add-on layers are written in logs, tables and charts. */
public final class Architectures {

  private Architectures() {}

  /**
   * A one-line form such as {@code conv-3x3[10] sep-conv-5x5[01] identity[11]}: each layer's
   * operation and its connections (1: the output of that earlier layer is added to its input).
   */
  public static String describe(Architecture architecture) {
    return architecture.getLayerList().stream().map(Architectures::describe)
        .collect(Collectors.joining(" "));
  }

  private static String describe(AddOnLayer layer) {
    StringBuilder b = new StringBuilder(layer.getOperation()).append('[');
    layer.getConnectionList().forEach(c -> b.append(c ? '1' : '0'));
    return b.append(']').toString();
  }
}
