package io.kdas.runtime.model;

import io.kdas.api.op.FeatureShape;
import io.kdas.proto.AddOnPosition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the connections of add-on layers read: a chain of feature maps in network order. It starts
 * with the backbone's own outputs before the first add-on layer (the normalized input image, the
 * stem's output, then the output of every block before the first add-on position) and continues
 * with the output of each add-on layer. Connection i (from 1) of add-on layer j reads the i-th
 * map before layer j in this chain: out_{j-i} while there is such a layer, and the backbone's
 * earlier outputs, going backwards from the first add-on position, where there is not.
 *
 * <p>Why: the paper counts 2^(2L) * 7^L architectures, so every connection decision must change
 * the network. Reaching back into the backbone keeps the first layers' decisions live instead of
 * silently ignoring them. Only when a spec asks for more connections than there are earlier maps
 * (e.g. four connections on a first layer right after the first block) is a decision dead, and
 * {@link #live} says so.
 *
 * @param height input rows
 * @param width input columns
 * @param baseChannels channels of the first stage
 * @param blocksPerStage blocks in each of the three stages
 */
public record AddOnChain(int height, int width, int baseChannels, int blocksPerStage) {

  /** One map of the chain: its stage (1..3; the image and the stem count as stage 1), shape. */
  public record Node(int stage, FeatureShape shape) {}

  /** Position of the block after which {@code p} sits, counted over all stages from 0. */
  public int blockIndex(AddOnPosition p) {
    return (p.getStage() - 1) * blocksPerStage + p.getAfterBlock() - 1;
  }

  /**
   * The backbone's outputs before the first add-on position, in network order: the image, the
   * stem, and the blocks before it (none when there are no add-on layers).
   */
  public List<Node> backboneNodes(List<AddOnPosition> positions) {
    List<Node> nodes = new ArrayList<>();
    if (positions.isEmpty()) {
      return nodes;
    }
    nodes.add(new Node(1, new FeatureShape(height, width, 3)));
    nodes.add(new Node(1, new FeatureShape(height, width, baseChannels)));
    int before = blockIndex(positions.get(0));
    for (int b = 0; b < before; b++) {
      nodes.add(nodeAfterBlock(b / blocksPerStage + 1));
    }
    return nodes;
  }

  /** The chain index that connection {@code i} of add-on layer {@code j} reads, or -1 (dead). */
  public int source(List<AddOnPosition> positions, int j, int i) {
    return backboneNodes(positions).size() + j - i;
  }

  /** Whether connection {@code i} (from 1) of add-on layer {@code j} changes the network. */
  public boolean live(List<AddOnPosition> positions, int j, int i) {
    return source(positions, j, i) >= 0;
  }

  /** The map of the add-on layer at {@code p} (the block output it sits on). */
  public Node at(AddOnPosition p) {
    return nodeAfterBlock(p.getStage());
  }

  /** The chain's node {@code index}: a backbone output, or the output of an add-on layer. */
  public Node node(List<AddOnPosition> positions, int index) {
    List<Node> backbone = backboneNodes(positions);
    return index < backbone.size() ? backbone.get(index)
        : at(positions.get(index - backbone.size()));
  }

  private Node nodeAfterBlock(int stage) {
    int scale = 1 << (stage - 1);
    return new Node(stage, new FeatureShape(ceilDiv(height, scale), ceilDiv(width, scale),
        baseChannels * scale));
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
