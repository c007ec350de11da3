package io.kdas.runtime.search;

import io.kdas.api.search.SearchStrategy;

/**
 * How the runtime trains and scores the children a strategy proposes. There is one per {@link
 * io.kdas.api.search.ChildTraining} mode; both drive the strategy only through ask and tell.
 */
public interface ChildTrainer {

  /** Runs the search to its budget, recording every scored child. */
  void search(SearchStrategy strategy, SearchLog log);

  /** The phase whose trials the best architecture is chosen from. */
  String selectionPhase();
}
