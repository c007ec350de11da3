package io.kdas.runtime.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/** The accuracy/size Pareto front of scored architectures, and an even pick along it. */
public final class ParetoFront {

  private ParetoFront() {}

  /**
   * The items no other item beats in both size and accuracy (none is at most as large and more
   * accurate, or smaller and as accurate), smallest first.
   */
  public static <T> List<T> of(List<T> items, ToLongFunction<T> size,
      ToDoubleFunction<T> accuracy) {
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparingLong(size).thenComparing(
        Comparator.comparingDouble(accuracy).reversed()));
    List<T> front = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (T t : sorted) {
      if (accuracy.applyAsDouble(t) > best) {
        front.add(t);
        best = accuracy.applyAsDouble(t);
      }
    }
    return front;
  }

  /**
   * {@code n} items of a front spread across it (its smallest and largest among them), all of it
   * when it has no more than {@code n}.
   */
  public static <T> List<T> spread(List<T> front, int n) {
    if (front.size() <= n) {
      return List.copyOf(front);
    }
    List<T> picked = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int at = n == 1 ? front.size() / 2
          : (int) Math.round((double) i * (front.size() - 1) / (n - 1));
      picked.add(front.get(at));
    }
    return picked;
  }
}
