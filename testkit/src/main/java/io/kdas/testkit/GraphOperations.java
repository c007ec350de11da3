package io.kdas.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;

/** Which operations a build added to a graph: the kits' check that plugins stay in scope. */
final class GraphOperations {

  private GraphOperations() {}

  /** The names of every operation in the graph now. */
  static Set<String> names(Graph g) {
    Set<String> names = new HashSet<>();
    for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
      names.add(it.next().name());
    }
    return names;
  }

  /** The operations whose names were not in {@code before}. */
  static List<GraphOperation> addedSince(Graph g, Set<String> before) {
    List<GraphOperation> ops = new ArrayList<>();
    for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (!before.contains(op.name())) {
        ops.add(op);
      }
    }
    return ops;
  }
}
