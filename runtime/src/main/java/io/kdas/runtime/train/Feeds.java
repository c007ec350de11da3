package io.kdas.runtime.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Extra float feeds of one session run, whose tensors are closed with it. */
final class Feeds implements AutoCloseable {

  private final List<TFloat32> tensors = new ArrayList<>();

  private Feeds() {}

  /** Adds {@code values} to {@code runner} as vectors. */
  static Feeds of(Session.Runner runner, Map<Operand<TFloat32>, float[]> values) {
    Feeds feeds = new Feeds();
    values.forEach((operand, v) -> {
      TFloat32 t = TFloat32.tensorOf(Shape.of(v.length), DataBuffers.of(v, true, false));
      feeds.tensors.add(t);
      runner.feed(operand, t);
    });
    return feeds;
  }

  @Override
  public void close() {
    tensors.forEach(TFloat32::close);
  }
}
