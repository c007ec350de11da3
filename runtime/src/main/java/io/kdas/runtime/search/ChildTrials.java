package io.kdas.runtime.search;

import io.kdas.api.op.OperationCost;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;
import java.util.List;

/**
 * Trains and scores the children of an independent search, a batch at a time: in this process
 * one after the other, or as parallel tasks on a cluster. Each child is a pure function of the
 * run, its network and its index (which seeds it), so where it runs does not change its result.
 */
public interface ChildTrials {

  /**
   * A child to train.
   *
   * @param index 0-based among the trained children of the search; seeds the child
   * @param network its canonical architecture
   */
  record Child(int index, Architecture network, OperationCost cost) {}

  /** The results of {@code children}, in their order. */
  List<TrialResult> train(List<Child> children);
}
