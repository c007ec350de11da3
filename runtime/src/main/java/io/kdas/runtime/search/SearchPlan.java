package io.kdas.runtime.search;

import io.kdas.api.PluginRegistry;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.OperationCost;
import io.kdas.api.search.SearchSpace;
import io.kdas.proto.AddOnPosition;
import io.kdas.proto.Architecture;
import io.kdas.proto.ModelSpec;
import io.kdas.proto.SearchSpec;
import io.kdas.runtime.model.FixedAddOns;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.model.ResNet;
import io.kdas.runtime.model.SharedAddOns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A search space made concrete: the backbone, where its add-on layers sit, the loaded candidate
 * operations and the number of connection decisions. Turns a strategy's decisions into a
 * complete, self-contained {@link Architecture} and into models to train.
 */
public final class SearchPlan {

  private final ModelSpec backbone;
  private final List<AddOnPosition> positions;
  private final Map<String, CandidateOperation> operations;
  private final int connections;

  public SearchPlan(ModelSpec backbone, List<AddOnPosition> positions,
      Map<String, CandidateOperation> operations, int connections) {
    this.backbone = backbone;
    this.positions = List.copyOf(positions);
    this.operations = Map.copyOf(operations);
    this.connections = connections;
  }

  /** The plan of a spec's search section, with the backbone resolved by the caller. */
  public static SearchPlan of(SearchSpec spec, ModelSpec backbone, PluginRegistry registry) {
    List<String> names = spec.getOperationCount() > 0 ? spec.getOperationList()
        : OperationCatalog.PAPER_OPERATIONS;
    return new SearchPlan(backbone, positions(spec, backbone),
        OperationCatalog.load(registry, names), spec.getConnections());
  }

  /** The spec's positions, or one after the last block of each stage. */
  public static List<AddOnPosition> positions(SearchSpec spec, ModelSpec backbone) {
    if (spec.getPositionCount() > 0) {
      return spec.getPositionList();
    }
    int blocks = new ResNet(backbone.getResnet()).blocksPerStage();
    List<AddOnPosition> defaults = new ArrayList<>();
    for (int stage = 1; stage <= 3; stage++) {
      defaults.add(AddOnPosition.newBuilder().setStage(stage).setAfterBlock(blocks).build());
    }
    return defaults;
  }

  /** The space as strategies see it (operation names in a fixed order). */
  public SearchSpace space() {
    return new SearchSpace(positions.size(), List.copyOf(operationNames()), connections);
  }

  public List<String> operationNames() {
    return List.copyOf(operations.keySet().stream().sorted(this::byCatalogOrder).toList());
  }

  public Map<String, CandidateOperation> operations() {
    return operations;
  }

  public ModelSpec backbone() {
    return backbone;
  }

  /** The decisions of a strategy with the backbone and positions that make them a student. */
  public Architecture complete(Architecture decisions) {
    return decisions.toBuilder().setBackbone(backbone).clearPosition().addAllPosition(positions)
        .build();
  }

  /** The child of these decisions on a model of the right data shape. */
  public ModelDefinition child(ModelDefinition base, Architecture decisions) {
    return base.withAddOns(new FixedAddOns(complete(decisions), operations));
  }

  /** The shared model holding every candidate. */
  public ModelDefinition shared(ModelDefinition base) {
    java.util.LinkedHashMap<String, CandidateOperation> ordered = new java.util.LinkedHashMap<>();
    for (String name : operationNames()) {
      ordered.put(name, operations.get(name));
    }
    return base.withAddOns(new SharedAddOns(positions, ordered, connections));
  }

  /** What a child costs (backbone included). */
  public OperationCost cost(ModelDefinition base, Architecture decisions) {
    return child(base, decisions).cost();
  }

  private int byCatalogOrder(String a, String b) {
    int ia = OperationCatalog.PAPER_OPERATIONS.indexOf(a);
    int ib = OperationCatalog.PAPER_OPERATIONS.indexOf(b);
    ia = ia < 0 ? Integer.MAX_VALUE : ia;
    ib = ib < 0 ? Integer.MAX_VALUE : ib;
    return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
  }
}
