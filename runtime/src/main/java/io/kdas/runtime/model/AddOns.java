package io.kdas.runtime.model;

import io.kdas.api.op.OperationCost;
import io.kdas.layers.GraphLayerContext;
import io.kdas.proto.AddOnPosition;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Add-on layers inserted into a backbone after chosen blocks. Each add-on layer j, sitting on the
 * block output h (C channels), computes
 *
 * <pre>
 *   in_j  = h + sum over chosen connections i of adapt(chain[j - i])
 *   out_j = h + op_j(in_j)
 * </pre>
 *
 * where {@code chain[j - i]} is out_{j-i}, or before the first add-on layer an earlier output of
 * the backbone ({@link AddOnChain}), and {@code adapt} is identity when shapes match and a
 * strided 1x1 convolution with batch norm otherwise. The residual form keeps the backbone intact
 * when an op contributes nothing ({@code zero}) and lets any op be added to it.
 */
public interface AddOns {

  /** No add-on layers: the plain backbone. */
  AddOns NONE = new AddOns() {
    @Override
    public List<AddOnPosition> positions() {
      return List.of();
    }

    @Override
    public Operand<TFloat32> layer(GraphLayerContext context, AddOnChain geometry, int index,
        Operand<TFloat32> h, List<Operand<TFloat32>> chain) {
      throw new IllegalStateException("no add-on layers");
    }

    @Override
    public OperationCost cost(AddOnChain geometry) {
      return OperationCost.ZERO;
    }
  };

  /** Where the layers sit, in network order. */
  List<AddOnPosition> positions();

  /**
   * Builds add-on layer {@code index} on block output {@code h}.
   *
   * @param chain the maps before this layer in network order ({@link AddOnChain}): the
   *     backbone's outputs before the first add-on layer, then the outputs of the add-on layers
   *     before this one
   * @return out_j, which replaces h as the input of the next block
   */
  Operand<TFloat32> layer(GraphLayerContext context, AddOnChain geometry, int index,
      Operand<TFloat32> h, List<Operand<TFloat32>> chain);

  /** What the layers cost on a backbone of this geometry. */
  OperationCost cost(AddOnChain geometry);
}
