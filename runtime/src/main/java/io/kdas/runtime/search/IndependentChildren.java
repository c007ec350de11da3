package io.kdas.runtime.search;

import io.kdas.api.op.OperationCost;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;
import io.kdas.proto.SearchState;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.train.Accuracy;
import io.kdas.runtime.train.EpochMetrics;
import io.kdas.runtime.train.FaultPoints;
import io.kdas.runtime.train.Trainer;
import io.kdas.runtime.train.TrainingGraph;
import java.util.List;

/**
 * Each proposal trained from scratch on the training part of the hold-out with the short child
 * schedule, then scored on the validation part. Children over a hard budget are told a zero
 * reward without training. A proposal that is the same network as one already scored (equal
 * canonical forms, see {@link SearchPlan#canonical}) is told that trial's result and logged as a
 * duplicate, never trained again.
 */
public final class IndependentChildren implements ChildTrainer {

  private final SearchContext c;
  private final SearchCheckpoint checkpoint;

  public IndependentChildren(SearchContext context, SearchCheckpoint checkpoint) {
    this.c = context;
    this.checkpoint = checkpoint;
  }

  @Override
  public String selectionPhase() {
    return "search";
  }

  @Override
  public void search(SearchStrategy strategy, SearchLog log) {
    int trained = 0;
    int asked = 0;
    int maxAsks = 50 * c.spec().getTrials();
    ScoredNetworks scored = new ScoredNetworks(log);
    SearchState saved = checkpoint.latest();
    if (saved != null) {
      strategy.restoreState(saved.getStrategyState().toByteArray());
      log.restore(saved.getEventsList(), d -> c.plan().cost(c.base(), d));
      List<Trial> trials = log.trials();
      List<Architecture> decided = log.decisions();
      for (int i = 0; i < trials.size(); i++) {
        scored.add(trials.get(i), decided.get(i));
      }
      trained = saved.getTrained();
      asked = saved.getAsked();
    }
    while (trained < c.spec().getTrials() && asked < maxAsks) {
      List<Architecture> proposals = strategy.ask(1);
      asked++; // counted per call, so a strategy that proposes nothing cannot spin forever
      for (Architecture proposal : proposals) {
        Architecture network = c.plan().canonical(proposal);
        if (scored.answerDuplicate(strategy, proposal, network)) {
          continue;
        }
        OperationCost cost = c.plan().cost(c.base(), network);
        TrialResult result;
        if (!c.budget().admits(cost)) {
          result = c.budget().rejection(cost);
        } else {
          result = train(network, cost, trained);
          trained++;
        }
        strategy.tell(proposal, result);
        scored.add(log.record("search", network, cost, result), network);
      }
      // Between two asks no proposal is outstanding: the state is whole.
      checkpoint.save(SearchCheckpoint.state(strategy, log).toBuilder().setTrained(trained)
          .setAsked(asked).build());
      FaultPoints.reach("search-trial");
    }
  }

  private TrialResult train(Architecture decisions, OperationCost cost, int index) {
    long start = System.nanoTime();
    ModelDefinition child = c.plan().child(c.base(), decisions);
    long seed = c.seed() + 1000 + index;
    try (TrainingGraph graph = new TrainingGraph(child, c.loss(), c.spec().getChildTraining(),
        c.teacherCount(), seed, c.session())) {
      List<EpochMetrics> history = Trainer.onHoldOut(c.train(), c.holdOut().train(),
          c.validation(), c.augmenter()).train("child " + (index + 1), graph, c.spec().getChildTraining(), seed,
          c.loss().usesTeachers() ? c.teachers() : null, m -> { });
      Accuracy accuracy = history.get(history.size() - 1).eval();
      return c.budget().result(accuracy.top1(), cost, (System.nanoTime() - start) / 1e9);
    } catch (RuntimeException e) {
      // A child that cannot be built or diverges is a failed trial; the search goes on.
      return new TrialResult(Double.NaN, 0, cost.parameters(), cost.bytes(),
          (System.nanoTime() - start) / 1e9, e.getClass().getSimpleName() + ": "
              + e.getMessage());
    }
  }
}
