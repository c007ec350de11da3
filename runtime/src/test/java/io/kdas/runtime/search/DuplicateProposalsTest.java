package io.kdas.runtime.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.api.PluginRegistry;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import io.kdas.proto.BudgetSpec;
import io.kdas.proto.SearchSpec;
import io.kdas.proto.TrainingSpec;
import io.kdas.runtime.TestModels;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.fixture.StubStrategy;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.run.RunDirectory;
import io.kdas.runtime.spec.SpecDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent search never trains the same network twice: a proposal equal to an earlier one,
 * or differing only in dead decisions, is told the earlier result and logged as a duplicate.
 * Non-finite rewards fail their trial and never rank.
 */
class DuplicateProposalsTest {

  @TempDir Path dir;

  private final PluginRegistry registry = PluginRegistry.fromClassPath();
  private final Dataset data = TestModels.tinyData(8);
  private final ModelDefinition base = TestModels.tinyResNet(data);

  @Test
  void theSameNetworkIsScoredOnce() throws Exception {
    // Four connections: layer 1's connections 3 and 4 are dead (only the stem and the image lie
    // before it), so `a` and `aDead` are two encodings of one network.
    SearchSpec spec = SpecDefaults.fill(SearchSpec.newBuilder().setConnections(4).setTrials(2)
        .setValidationExamples(64).setChildTraining(TrainingSpec.newBuilder().setEpochs(1)
            .setBatchSize(32)).build());
    Architecture a = layers("identity", "identity", "identity");
    Architecture aDead = a.toBuilder()
        .setLayer(0, a.getLayer(0).toBuilder().setConnection(2, true)).build();
    Architecture b = layers("identity", "avg-pool-3x3", "identity");
    Scripted strategy = new Scripted(List.of(a, aDead, a, b));
    RunDirectory directory = RunDirectory.create(dir, "search");
    SearchPlan plan = SearchPlan.of(spec, base.spec(), registry);
    SearchLog log = new SearchLog(directory.resolve("search"), plan);
    SearchContext context = context(spec, plan, new MemoryBudget(spec.getBudget()));
    new IndependentChildren(context, new SearchCheckpoint(dir.resolve("checkpoints")),
        IndependentChildren.inProcess(context)).search(strategy, log);
    log.finish(log.best("search", 5));

    assertEquals(2, log.trials().size(), "two networks trained: " + log.trials());
    assertEquals(2, log.duplicates());
    assertEquals(new SearchLog.Counts(2, 0, 0, 2), log.counts());
    assertEquals(strategy.told.get(0), strategy.told.get(1), "the duplicate gets the result");
    assertEquals(strategy.told.get(0), strategy.told.get(2));
    List<String> rows = Files.readAllLines(directory.resolve("search/trials.csv"));
    assertEquals(5, rows.size(), String.join("\n", rows));
    assertTrue(rows.get(2).startsWith("1,duplicate,") && rows.get(2).endsWith(",1"), rows.get(2));
    assertTrue(rows.get(3).startsWith("1,duplicate,") && rows.get(3).endsWith(",1"), rows.get(3));
  }

  @Test
  void aBatchTrainsItsNewNetworksTogetherAndGivesTheSearchOfOneAtATime() throws Exception {
    Architecture a = layers("identity", "identity", "identity");
    Architecture aDead = a.toBuilder()
        .setLayer(0, a.getLayer(0).toBuilder().setConnection(2, true)).build();
    Architecture b = layers("identity", "avg-pool-3x3", "identity");
    Architecture c = layers("conv-3x3", "identity", "identity");
    List<List<TrialResult>> told = new ArrayList<>();
    List<List<Integer>> batches = new ArrayList<>();
    for (int parallel : new int[] {1, 4}) {
      SearchSpec spec = SpecDefaults.fill(SearchSpec.newBuilder().setConnections(4)
          .setTrials(3).setParallelTrials(parallel).setValidationExamples(64)
          .setChildTraining(TrainingSpec.newBuilder().setEpochs(1).setBatchSize(32)).build());
      Scripted strategy = new Scripted(List.of(a, b, aDead, c));
      SearchPlan plan = SearchPlan.of(spec, base.spec(), registry);
      SearchLog log = new SearchLog(RunDirectory.create(dir, "p" + parallel)
          .resolve("search"), plan);
      SearchContext context = context(spec, plan, new MemoryBudget(spec.getBudget()));
      ChildTrials inProcess = IndependentChildren.inProcess(context);
      List<Integer> sizes = new ArrayList<>();
      new IndependentChildren(context, new SearchCheckpoint(dir.resolve("c" + parallel)),
          children -> {
            sizes.add(children.size());
            return inProcess.train(children);
          }).search(strategy, log);
      assertEquals(3, log.trials().size(), log.trials().toString());
      told.add(strategy.told);
      batches.add(sizes);
    }
    assertEquals(List.of(1, 1, 1), batches.get(0));
    assertEquals(List.of(2, 1), batches.get(1), "a and b together (aDead is a), then c");
    assertEquals(4, told.get(1).size());
    assertEquals(told.get(1).get(0), told.get(1).get(2), "aDead is told a's result");
    assertEquals(told.get(0).stream().map(r -> r.reward() + "/" + r.accuracy()).toList(),
        told.get(1).stream().map(r -> r.reward() + "/" + r.accuracy()).toList(),
        "the same results (each child seeded by its index), told in the same order");
  }

  @Test
  void aNonFiniteRewardFailsTheTrialAndNeverRanksFirst() {
    // A soft budget with a NaN exponent turns every reward above the limit into NaN.
    MemoryBudget budget = new MemoryBudget(BudgetSpec.newBuilder().setMeasure(BudgetSpec.Measure.PARAMETERS)
        .setLimit(10).setMode(BudgetSpec.Mode.SOFT).setExponent(Float.NaN).build());
    SearchPlan plan = SearchPlan.of(SpecDefaults.fill(SearchSpec.getDefaultInstance()),
        base.spec(), registry);
    var cost = plan.cost(base, layers("identity", "identity", "identity"));
    TrialResult nan = budget.result(0.9, cost, 1);
    assertTrue(nan.failed(), "a NaN reward is a failed trial");
    assertTrue(nan.failure().contains("non-finite reward"), nan.failure());

    SearchLog log = new SearchLog(RunDirectory.create(dir, "nan").resolve("search"), plan);
    Architecture x = layers("identity", "identity", "identity");
    Architecture y = layers("conv-3x3", "identity", "identity");
    log.record("search", x, cost, new TrialResult(Double.NaN, 1.0, 1, 4, 1, null));
    log.record("search", y, cost, new TrialResult(0.5, 0.5, 1, 4, 1, null));
    List<Trial> best = log.best("search", 5);
    assertEquals(1, best.size(), "a NaN reward never ranks, even reported as a success");
    assertEquals(0.5, best.get(0).result().reward());
  }

  private SearchContext context(SearchSpec spec, SearchPlan plan, MemoryBudget budget) {
    HoldOut holdOut = HoldOut.of(data.train(), spec.getValidationExamples(), data.classes(), 1);
    return new SearchContext(spec, plan, base, TestModels.loss("cross-entropy", Map.of()),
        data.train(), holdOut, holdOut.validationSplit(data.train()),
        new ViewAugmenter(1, 2, 1, true), null, budget, 1, TestModels.SINGLE_THREAD);
  }

  private static Architecture layers(String... ops) {
    Architecture.Builder b = Architecture.newBuilder();
    for (String op : ops) {
      b.addLayer(AddOnLayer.newBuilder().setOperation(op).addConnection(false)
          .addConnection(false).addConnection(false).addConnection(false));
    }
    return b.build();
  }

  /** Proposes a fixed list, then repeats its last proposal; records what it is told. */
  private static final class Scripted extends StubStrategy {
    private final Deque<Architecture> script;
    private Architecture last;
    final List<TrialResult> told = new ArrayList<>();

    Scripted(List<Architecture> script) {
      this.script = new ArrayDeque<>(script);
    }

    @Override
    public List<Architecture> ask(int count) {
      List<Architecture> out = new ArrayList<>();
      while (out.size() < count) {
        last = script.isEmpty() ? last : script.poll();
        out.add(last);
      }
      return out;
    }

    @Override
    public void tell(Architecture architecture, TrialResult result) {
      told.add(result);
    }
  }
}
