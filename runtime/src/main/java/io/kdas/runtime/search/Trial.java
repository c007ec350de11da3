package io.kdas.runtime.search;

import io.kdas.api.op.OperationCost;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;
import io.kdas.proto.AddOnLayer;
import java.util.stream.Collectors;

/**
 * One scored architecture of a search.
 *
 * @param index 1-based order of scoring
 * @param phase "search" (scored to guide the strategy) or "final" (finalists of a shared-weight
 *     search, scored on the whole validation split)
 * @param elapsedSeconds seconds since the search started when it was scored
 */
public record Trial(int index, String phase, Architecture architecture, OperationCost cost,
    TrialResult result, double elapsedSeconds) {

  /** A one-line form such as {@code conv-3x3[10] sep-conv-5x5[01] identity[11]}. */
  public static String describe(Architecture architecture) {
    return architecture.getLayerList().stream().map(Trial::describe)
        .collect(Collectors.joining(" "));
  }

  private static String describe(AddOnLayer layer) {
    StringBuilder b = new StringBuilder(layer.getOperation()).append('[');
    layer.getConnectionList().forEach(c -> b.append(c ? '1' : '0'));
    return b.append(']').toString();
  }
}
