package io.kdas.runtime.search;

import io.kdas.api.op.OperationCost;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;
import io.kdas.proto.SearchState;
import io.kdas.proto.TrainingSpec;
import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.model.Architectures;
import io.kdas.runtime.train.Accuracy;
import io.kdas.runtime.train.FaultPoints;
import io.kdas.runtime.train.NonFiniteOutputException;
import io.kdas.runtime.train.Trainer;
import io.kdas.runtime.train.TrainingGraph;
import io.kdas.runtime.train.TrainingHooks;
import java.util.ArrayList;
import java.util.List;

/**
 * ENAS-style search: one shared model holds every candidate of every add-on layer. Each epoch
 * trains the shared weights one step per child the strategy samples, then scores
 * {@code controller_steps} sampled children on validation batches and tells the strategy their
 * rewards. At the end, {@code final_candidates} sampled children are scored on the whole
 * validation split and the best is the search's result.
 *
 * <p>Proposals are canonicalized ({@link SearchPlan#canonical}) before they are trained or
 * scored. The shared weights do not change during a controller phase, so a network sampled twice
 * in one phase is told its first reward and logged as a duplicate instead of being scored again;
 * finalists are distinct networks.
 */
public final class SharedWeightChildren implements ChildTrainer {

  private static final int REWARD_BATCH = 500;
  private static final int MAX_RESAMPLES = 100;

  private final SearchContext c;
  private final SearchCheckpoint checkpoint;
  private final List<ImageSplit> rewardBatches;
  private int nextRewardBatch;

  public SharedWeightChildren(SearchContext context, SearchCheckpoint checkpoint) {
    this.c = context;
    this.checkpoint = checkpoint;
    this.rewardBatches = chunks(context.validation(), REWARD_BATCH);
  }

  @Override
  public String selectionPhase() {
    return "final";
  }

  @Override
  public void search(SearchStrategy strategy, SearchLog searchLog) {
    TrainingSpec training = c.spec().getSharedTraining().toBuilder()
        .setEpochs(c.spec().getSharedEpochs()).build();
    try (TrainingGraph graph = new TrainingGraph(c.plan().shared(c.base()), c.loss(), training,
        c.teacherCount(), c.seed(), c.session())) {
      Trainer.withoutEvaluation(c.train(), c.holdOut().train(), c.augmenter()).train(
          "shared weights", graph, training, c.seed(), c.loss().usesTeachers() ? c.teachers()
              : null, m -> {
                searchLog.sharedEpoch(m);
                FaultPoints.reach("search-epoch");
              }, checkpoint.shared(),
          new SearchHooks(graph, strategy, searchLog));
      for (Architecture a : finalists(strategy, searchLog)) {
        searchLog.record("final", a, c.plan().cost(c.base(), a),
            score(graph, a, c.validation()));
      }
    }
  }

  /**
   * What a search adds to the shared weights' training: a sampled child per step, a controller
   * phase per epoch, and the strategy's state, the trial log and the reward batch position in
   * every checkpoint.
   */
  private final class SearchHooks implements TrainingHooks {

    private final TrainingGraph graph;
    private final SearchStrategy strategy;
    private final SearchLog searchLog;

    SearchHooks(TrainingGraph graph, SearchStrategy strategy, SearchLog searchLog) {
      this.graph = graph;
      this.strategy = strategy;
      this.searchLog = searchLog;
    }

    @Override
    public void beforeStep() {
      graph.select(c.plan().canonical(admissible(strategy, searchLog)));
    }

    @Override
    public void afterEpoch(int epoch) {
      ScoredNetworks phase = new ScoredNetworks(searchLog); // the weights change next epoch
      for (int k = 0; k < c.spec().getControllerSteps(); k++) {
        Architecture proposal = admissible(strategy, searchLog);
        Architecture network = c.plan().canonical(proposal);
        if (phase.answerDuplicate(strategy, proposal, network)) {
          continue;
        }
        TrialResult r = score(graph, network, nextRewardBatches());
        strategy.tell(proposal, r);
        phase.add(searchLog.record("search", network, c.plan().cost(c.base(), network), r),
            network);
      }
    }

    @Override
    public byte[] state(int epochsDone) {
      return SearchCheckpoint.state(strategy, searchLog).toBuilder().setEpochsDone(epochsDone)
          .setNextRewardBatch(nextRewardBatch).build().toByteArray();
    }

    @Override
    public void restore(byte[] saved) {
      SearchState state = SearchCheckpoint.parse(saved);
      strategy.restoreState(state.getStrategyState().toByteArray());
      searchLog.restore(state.getEventsList(), d -> c.plan().cost(c.base(), d));
      nextRewardBatch = state.getNextRewardBatch();
    }

    @Override
    public String divergenceAdvice() {
      return "lower search.shared_training.learning_rate.initial";
    }
  }

  /** Asks until a child fits a hard budget; children that do not are told a zero reward. */
  private Architecture admissible(SearchStrategy strategy, SearchLog searchLog) {
    for (int i = 0; i < MAX_RESAMPLES; i++) {
      Architecture a = strategy.ask(1).get(0);
      OperationCost cost = c.plan().cost(c.base(), a);
      if (c.budget().admits(cost)) {
        return a;
      }
      TrialResult over = c.budget().rejection(cost);
      strategy.tell(a, over);
      searchLog.record("search", a, cost, over);
    }
    throw new IllegalStateException("the strategy proposed " + MAX_RESAMPLES + " children in a "
        + "row over the budget " + c.budget().describe() + ": raise search.budget.limit");
  }

  private List<Architecture> finalists(SearchStrategy strategy, SearchLog searchLog) {
    List<Architecture> out = new ArrayList<>();
    for (int i = 0; i < c.spec().getFinalCandidates(); i++) {
      Architecture a = c.plan().canonical(admissible(strategy, searchLog));
      if (!out.contains(a)) {
        out.add(a);
      }
    }
    return out;
  }

  private TrialResult score(TrainingGraph graph, Architecture a, ImageSplit split) {
    long start = System.nanoTime();
    OperationCost cost = c.plan().cost(c.base(), a);
    graph.select(a);
    float[] logits = graph.predict(split, REWARD_BATCH);
    try {
      Accuracy.requireFinite(logits, c.base().classes(), "child " + Architectures.describe(a),
          "scoring on the validation split with the shared weights");
    } catch (NonFiniteOutputException e) {
      return new TrialResult(Double.NaN, 0, cost.parameters(), cost.bytes(),
          (System.nanoTime() - start) / 1e9, e.getMessage());
    }
    Accuracy accuracy = Accuracy.of(logits, split.labels(), c.base().classes());
    return c.budget().result(accuracy.top1(), cost, (System.nanoTime() - start) / 1e9);
  }

  private ImageSplit nextRewardBatches() {
    int n = Math.min(c.spec().getRewardBatches(), rewardBatches.size());
    if (n == rewardBatches.size()) {
      return c.validation();
    }
    List<ImageSplit> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(rewardBatches.get(nextRewardBatch));
      nextRewardBatch = (nextRewardBatch + 1) % rewardBatches.size();
    }
    return parts.size() == 1 ? parts.get(0) : concat(parts);
  }

  private static List<ImageSplit> chunks(ImageSplit split, int size) {
    List<ImageSplit> out = new ArrayList<>();
    int pixels = split.pixelsPerImage();
    for (int start = 0; start < split.size(); start += size) {
      int n = Math.min(size, split.size() - start);
      byte[] data = new byte[n * pixels];
      System.arraycopy(split.pixels(), start * pixels, data, 0, n * pixels);
      int[] labels = java.util.Arrays.copyOfRange(split.labels(), start, start + n);
      out.add(new ImageSplit(data, labels, split.height(), split.width()));
    }
    return out;
  }

  private static ImageSplit concat(List<ImageSplit> parts) {
    int total = parts.stream().mapToInt(ImageSplit::size).sum();
    ImageSplit first = parts.get(0);
    int pixels = first.pixelsPerImage();
    byte[] data = new byte[total * pixels];
    int[] labels = new int[total];
    int at = 0;
    for (ImageSplit p : parts) {
      System.arraycopy(p.pixels(), 0, data, at * pixels, p.size() * pixels);
      System.arraycopy(p.labels(), 0, labels, at, p.size());
      at += p.size();
    }
    return new ImageSplit(data, labels, first.height(), first.width());
  }
}
