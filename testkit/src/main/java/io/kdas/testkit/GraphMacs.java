package io.kdas.testkit;

import java.util.Iterator;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;

/**
 * Counts the multiply-accumulates of a graph from its ops' static shapes, the convention of {@link
 * io.kdas.api.op.OperationCost#flops()}: convolutions and matrix products count, everything else
 * (batch norm, activations, pooling, additions) counts zero.
 *
 * <ul>
 *   <li>{@code Conv2D}: output elements x kh x kw x (filter input channels)
 *   <li>{@code DepthwiseConv2dNative}: output elements x kh x kw
 *   <li>{@code MatMul}: output elements x the inner dimension
 * </ul>
 *
 * <p>Count a graph built on an input with a static batch size and divide by it: ops that move
 * spatial positions into the batch dimension (e.g. {@code SpaceToBatchND}) are then counted right.
 */
public final class GraphMacs {

  /** Op types that multiply-accumulate but that this class cannot count: a count would be wrong. */
  private static final Set<String> UNCOUNTED =
      Set.of("Conv2DBackpropInput", "Conv3D", "Conv3DBackpropInputV2", "BatchMatMul",
          "BatchMatMulV2", "BatchMatMulV3", "Einsum", "Conv", "FusedConv2DBiasActivation");

  private GraphMacs() {}

  /**
   * The multiply-accumulates of one example: those of every op of the graph divided by {@code
   * batch}.
   *
   * @throws IllegalStateException if a counted op has a shape that is not fully known, or the
   *     graph has an op that multiplies but cannot be counted here
   */
  public static long perExample(Graph graph, long batch) {
    long total = 0;
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      total += of(it.next());
    }
    if (total % batch != 0) {
      throw new IllegalStateException(
          total + " multiply-accumulates are not a multiple of the batch size " + batch);
    }
    return total / batch;
  }

  /** The multiply-accumulates of one op (of the whole batch its shapes describe). */
  public static long of(GraphOperation op) {
    String type = op.type();
    if (UNCOUNTED.contains(type)) {
      throw new IllegalStateException(
          "cannot count the multiply-accumulates of op " + op.name() + " of type " + type);
    }
    return switch (type) {
      case "Conv2D" -> {
        Shape filter = known(op, op.input(1).shape());
        yield elements(op, op.output(0).shape()) * filter.get(0) * filter.get(1) * filter.get(2);
      }
      case "DepthwiseConv2dNative" -> {
        Shape filter = known(op, op.input(1).shape());
        yield elements(op, op.output(0).shape()) * filter.get(0) * filter.get(1);
      }
      case "MatMul" -> {
        Shape a = known(op, op.input(0).shape());
        boolean transposed = op.attributes().getAttrBool("transpose_a");
        yield elements(op, op.output(0).shape()) * a.get(transposed ? 0 : 1);
      }
      default -> 0;
    };
  }

  private static long elements(GraphOperation op, Shape shape) {
    return known(op, shape).size();
  }

  private static Shape known(GraphOperation op, Shape shape) {
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      throw new IllegalStateException("cannot count the multiply-accumulates of op " + op.name()
          + ": its shape " + shape + " is not fully known");
    }
    return shape;
  }
}
