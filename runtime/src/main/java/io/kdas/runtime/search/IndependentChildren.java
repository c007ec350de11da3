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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each proposal trained from scratch on the training part of the hold-out with the short child
 * schedule, then scored on the validation part. Children over a hard budget are told a zero
 * reward without training. A proposal that is the same network as one already scored (equal
 * canonical forms, see {@link SearchPlan#canonical}) is told that trial's result and logged as a
 * duplicate, never trained again.
 *
 * <p>The strategy is asked for {@code parallel_trials} architectures at a time; the batch's
 * children are trained by {@link ChildTrials} (side by side on a cluster), then every proposal is
 * told its result in proposal order, so the search does not depend on where children ran.
 */
public final class IndependentChildren implements ChildTrainer {

  private final SearchContext c;
  private final SearchCheckpoint checkpoint;
  private final ChildTrials trials;

  public IndependentChildren(SearchContext context, SearchCheckpoint checkpoint,
      ChildTrials trials) {
    this.c = context;
    this.checkpoint = checkpoint;
    this.trials = trials;
  }

  /** Children trained here, one after the other. */
  public static ChildTrials inProcess(SearchContext context) {
    return children -> children.stream().map(child -> train(context, child)).toList();
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
      List<Trial> done = log.trials();
      List<Architecture> decided = log.decisions();
      for (int i = 0; i < done.size(); i++) {
        scored.add(done.get(i), decided.get(i));
      }
      trained = saved.getTrained();
      asked = saved.getAsked();
    }
    while (trained < c.spec().getTrials() && asked < maxAsks) {
      List<Architecture> proposals = strategy.ask(
          Math.min(c.spec().getParallelTrials(), c.spec().getTrials() - trained));
      asked++; // counted per call, so a strategy that proposes nothing cannot spin forever
      // The batch's new, admissible networks (each once), trained together.
      List<ChildTrials.Child> batch = new ArrayList<>();
      Map<Architecture, Integer> inBatch = new HashMap<>();
      List<Architecture> networks = new ArrayList<>();
      List<OperationCost> costs = new ArrayList<>();
      for (Architecture proposal : proposals) {
        Architecture network = c.plan().canonical(proposal);
        OperationCost cost = c.plan().cost(c.base(), network);
        networks.add(network);
        costs.add(cost);
        if (!scored.contains(network) && !inBatch.containsKey(network)
            && c.budget().admits(cost)) {
          inBatch.put(network, batch.size());
          batch.add(new ChildTrials.Child(trained++, network, cost));
        }
      }
      List<TrialResult> results = batch.isEmpty() ? List.of() : trials.train(batch);
      for (int i = 0; i < proposals.size(); i++) {
        Architecture proposal = proposals.get(i);
        Architecture network = networks.get(i);
        if (scored.answerDuplicate(strategy, proposal, network)) {
          continue;
        }
        OperationCost cost = costs.get(i);
        TrialResult result = inBatch.containsKey(network) ? results.get(inBatch.get(network))
            : c.budget().rejection(cost);
        strategy.tell(proposal, result);
        scored.add(log.record("search", network, cost, result), network);
      }
      // Between two asks no proposal is outstanding: the state is whole.
      checkpoint.save(SearchCheckpoint.state(strategy, log).toBuilder().setTrained(trained)
          .setAsked(asked).build());
      FaultPoints.reach("search-trial");
    }
  }

  /** Trains one child from its seed and scores it; a child that fails is a failed trial. */
  public static TrialResult train(SearchContext c, ChildTrials.Child child) {
    long start = System.nanoTime();
    OperationCost cost = child.cost();
    ModelDefinition model = c.plan().child(c.base(), child.network());
    long seed = c.seed() + 1000 + child.index();
    try (TrainingGraph graph = new TrainingGraph(model, c.loss(), c.spec().getChildTraining(),
        c.teacherCount(), seed, c.session())) {
      List<EpochMetrics> history = Trainer.onHoldOut(c.train(), c.holdOut().train(),
          c.validation(), c.augmenter()).train("child " + (child.index() + 1), graph,
          c.spec().getChildTraining(), seed, c.loss().usesTeachers() ? c.teachers() : null,
          m -> { });
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
