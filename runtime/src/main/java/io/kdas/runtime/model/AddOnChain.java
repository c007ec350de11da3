package io.kdas.runtime.model;

import io.kdas.api.op.FeatureShape;
import io.kdas.proto.AddOnPosition;
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
   * How many of the backbone's outputs precede the first add-on position: the image, the stem,
   * and the blocks before it (none when there are no add-on layers).
   */
  public int backboneNodes(List<AddOnPosition> positions) {
    return positions.isEmpty() ? 0 : 2 + blockIndex(positions.get(0));
  }

  /** The chain index that connection {@code i} of add-on layer {@code j} reads; < 0: dead. */
  public int source(List<AddOnPosition> positions, int j, int i) {
    return backboneNodes(positions) + j - i;
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
    int backbone = backboneNodes(positions);
    if (index >= backbone) {
      return at(positions.get(index - backbone));
    }
    return switch (index) {
      case 0 -> new Node(1, new FeatureShape(height, width, 3));
      case 1 -> new Node(1, new FeatureShape(height, width, baseChannels));
      default -> nodeAfterBlock((index - 2) / blocksPerStage + 1);
    };
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
