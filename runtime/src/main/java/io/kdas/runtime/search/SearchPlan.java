package io.kdas.runtime.search;

import io.kdas.api.PluginRegistry;
import io.kdas.api.op.CandidateOperation;
import io.kdas.api.op.OperationCost;
import io.kdas.api.search.SearchSpace;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.AddOnPosition;
import io.kdas.proto.Architecture;
import io.kdas.proto.ModelSpec;
import io.kdas.proto.SearchSpec;
import io.kdas.runtime.model.AddOnChain;
import io.kdas.runtime.model.FixedAddOns;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.model.ResNet;
import io.kdas.runtime.model.SharedAddOns;
import java.math.BigInteger;
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
  private final AddOnChain chain;

  public SearchPlan(ModelSpec backbone, List<AddOnPosition> positions,
      Map<String, CandidateOperation> operations, int connections) {
    this.backbone = backbone;
    this.positions = List.copyOf(positions);
    this.operations = Map.copyOf(operations);
    this.connections = connections;
    // Liveness depends only on the positions and the backbone's blocks, not on the input size.
    this.chain = new AddOnChain(32, 32, backbone.getResnet().getWidth(),
        new ResNet(backbone.getResnet()).blocksPerStage());
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

  /**
   * Whether connection {@code i} (from 1) of add-on layer {@code j} changes the network (see
   * {@link AddOnChain}): false only where the chain has no map that far back.
   */
  public boolean live(int j, int i) {
    return chain.live(positions, j, i);
  }

  /**
   * The one encoding of the network that {@code decisions} describe: dead connection bits
   * cleared, and exactly {@code connections} bits per layer. Two proposals are the same network
   * exactly when their canonical forms are equal.
   */
  public Architecture canonical(Architecture decisions) {
    if (decisions.getLayerCount() != positions.size()) {
      throw new IllegalArgumentException("an architecture of this space has " + positions.size()
          + " layers, got " + decisions.getLayerCount());
    }
    Architecture.Builder b = decisions.toBuilder();
    for (int j = 0; j < positions.size(); j++) {
      AddOnLayer layer = decisions.getLayer(j);
      AddOnLayer.Builder l = b.getLayerBuilder(j).clearConnection();
      for (int i = 1; i <= connections; i++) {
        l.addConnection(i <= layer.getConnectionCount() && layer.getConnection(i - 1)
            && live(j, i));
      }
    }
    return b.build();
  }

  /** How many distinct networks the space holds: the raw size less the dead decisions. */
  public BigInteger distinctNetworks() {
    int liveBits = 0;
    for (int j = 0; j < positions.size(); j++) {
      for (int i = 1; i <= connections; i++) {
        liveBits += live(j, i) ? 1 : 0;
      }
    }
    return BigInteger.TWO.pow(liveBits)
        .multiply(BigInteger.valueOf(operations.size()).pow(positions.size()));
  }

  /** What the connections of the first add-on layers reach in the backbone, for people. */
  public String connectionRule() {
    return "connection i of add-on layer j adds the map i steps back in the chain: the output "
        + "of add-on layer j-i, or before the first add-on layer the backbone's earlier outputs"
        + " (block outputs before the first position, then the stem, then the input image)";
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
