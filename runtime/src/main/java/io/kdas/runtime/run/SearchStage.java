package io.kdas.runtime.run;

import com.google.protobuf.TextFormat;
import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.search.ChildTraining;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;
import io.kdas.proto.RunSpec;
import io.kdas.proto.SearchSpec;
import io.kdas.proto.SearchState;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.cache.Fingerprint;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.model.Architectures;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.search.ChildTrainer;
import io.kdas.runtime.search.ChildTrials;
import io.kdas.runtime.search.HoldOut;
import io.kdas.runtime.search.IndependentChildren;
import io.kdas.runtime.search.MemoryBudget;
import io.kdas.runtime.search.SearchCheckpoint;
import io.kdas.runtime.search.SearchContext;
import io.kdas.runtime.search.SearchLog;
import io.kdas.runtime.search.SearchPlan;
import io.kdas.runtime.search.SharedWeightChildren;
import io.kdas.runtime.search.Trial;
import io.kdas.runtime.spec.RunPlan;
import io.kdas.runtime.train.Durable;
import io.kdas.runtime.train.TeacherSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.ConfigProto;

/**
 * Runs the spec's architecture search: the strategy proposes, children are trained (on their
 * own or on shared weights) with the search loss on the training part of a hold-out and scored on
 * its validation part under the memory budget, and the strategy learns from the rewards.
 */
public final class SearchStage {

  private static final Logger log = LoggerFactory.getLogger(SearchStage.class);
  private static final String JOB = "search";
  private static final String LOG = "search/log.binpb";

  private final RunSpec spec;
  private final RunPlan.Search planned;
  private final PluginRegistry registry;
  private final RunDirectory directory;
  private final ConfigProto session;
  private final JobExecutor executor;

  @Inject
  public SearchStage(RunPlan plan, PluginRegistry registry, RunDirectory directory,
      ConfigProto session, JobExecutor executor) {
    this.spec = plan.spec();
    this.planned = plan.search();
    this.registry = registry;
    this.directory = directory;
    this.session = session;
    this.executor = executor;
  }

  /**
   * What the search found.
   *
   * @param best the best architectures, best first, complete (backbone and positions included)
   * @param scored every scored trial of the phase the best come from, in trial order
   * @param plan the space, with its loaded operations
   */
  public record Outcome(List<Trial> best, List<Trial> scored, SearchPlan plan,
      SearchLog.Counts counts, double seconds) {
    public Architecture architecture() {
      return best.get(0).architecture();
    }
  }

  /** Runs the search, or restores what an earlier attempt of the run found. */
  public Outcome search(SearchContext context) {
    SearchPlan plan = context.plan();
    log.info("search: {} over {} with add-on layers at {}; {} candidates {}, {} connections "
            + "per layer: {} architectures ({} distinct networks); budget {}; {} training / {} "
            + "validation examples", spec.getSearch().getStrategy().getName(),
        context.base().label(), describe(plan), plan.operationNames().size(),
        plan.operationNames(), spec.getSearch().getConnections(), plan.space().size(),
        plan.distinctNetworks(), context.budget().describe(), context.holdOut().train().length,
        context.holdOut().validation().length);
    return executor.run(job(context));
  }

  /** What the search's children read: the run's data, split into hold-out parts. */
  public SearchContext context(Dataset data, ChannelStats normalization, ViewAugmenter augmenter,
      TeacherSource teachers) {
    SearchSpec s = spec.getSearch();
    SearchPlan plan = planned.space();
    ModelDefinition base = new ModelDefinition(plan.backbone(), data.classes(),
        data.train().height(), data.train().width(), normalization);
    DistillationLoss loss = planned.loss();
    HoldOut holdOut = HoldOut.of(data.train(), s.getValidationExamples(), data.classes(),
        spec.getSeed());
    MemoryBudget budget = new MemoryBudget(s.getBudget());
    return new SearchContext(s, plan, base, loss, data.train(), holdOut,
        holdOut.validationSplit(data.train()), augmenter, teachers, budget, spec.getSeed(),
        session);
  }

  /** The job of the whole search. */
  Job<Outcome> job(SearchContext context) {
    SearchSpec s = spec.getSearch();
    SearchPlan plan = context.plan();
    ModelDefinition base = context.base();
    SearchStrategy strategy = registry.create(PluginKind.STRATEGY, s.getStrategy().getName(),
        s.getStrategy().getParamsMap(), SearchStrategy.class);
    boolean shared = strategy.childTraining() == ChildTraining.SHARED_WEIGHTS;
    return new Job<Outcome>() {
      @Override
      public String key() {
        return JOB;
      }

      @Override
      public List<String> outputs() {
        return List.of("search");
      }

      @Override
      public Outcome run() {
        SearchLog searchLog = new SearchLog(directory.resolve("search"), plan);
        String phase;
        try (strategy) {
          strategy.start(plan.space(), spec.getSeed());
          SearchCheckpoint checkpoint =
              new SearchCheckpoint(directory.resolve("checkpoints/" + JOB));
          ChildTrainer trainer = shared ? new SharedWeightChildren(context, checkpoint)
              : new IndependentChildren(context, checkpoint, children -> executor.runAll(
                  children.stream().map(child -> childJob(context, child)).toList(),
                  result -> { }));
          trainer.search(strategy, searchLog);
          saveState(strategy);
          phase = trainer.selectionPhase();
        }
        Outcome outcome = outcome(plan, searchLog, phase);
        writeLog(searchLog, phase);
        return outcome;
      }

      @Override
      public Map<String, String> facts(Outcome result) {
        return Map.of();
      }

      @Override
      public Outcome restore(Map<String, String> facts) {
        strategy.close();
        SearchState finished;
        try {
          finished = SearchState.parseFrom(Files.readAllBytes(directory.resolve(LOG)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + directory.resolve(LOG), e);
        }
        SearchLog searchLog = new SearchLog(directory.resolve("search"), plan);
        searchLog.restore(finished.getEventsList(), d -> plan.cost(base, d));
        return outcome(plan, searchLog, finished.getSelectionPhase());
      }

      @Override
      public JobTask task() {
        // A shared-weight search is one long task (its controller and shared model live
        // together); an independent one stays with the driver and ships its children.
        return shared ? new JobTask(JobTask.Kind.SEARCH, key(), Map.of()) : null;
      }
    };
  }

  /** The job that trains and scores one child of an independent search. */
  Job<TrialResult> childJob(SearchContext context, ChildTrials.Child child) {
    String network = TextFormat.printer().shortDebugString(child.network());
    return new Job<>() {
      @Override
      public String key() {
        return "search-child-" + (child.index() + 1) + "-" + Fingerprint.shortHash(network, 8);
      }

      @Override
      public List<String> outputs() {
        return List.of();
      }

      @Override
      public TrialResult run() {
        return IndependentChildren.train(context, child);
      }

      @Override
      public Map<String, String> facts(TrialResult r) {
        Map<String, String> facts = new java.util.LinkedHashMap<>();
        facts.put("reward", Double.toString(r.reward()));
        facts.put("accuracy", Double.toString(r.accuracy()));
        facts.put("parameters", Long.toString(r.parameters()));
        facts.put("bytes", Long.toString(r.bytes()));
        facts.put("seconds", Double.toString(r.seconds()));
        facts.put("failure", r.failed() ? r.failure() : "");
        return facts;
      }

      @Override
      public TrialResult restore(Map<String, String> f) {
        return new TrialResult(Double.parseDouble(f.get("reward")),
            Double.parseDouble(f.get("accuracy")), Long.parseLong(f.get("parameters")),
            Long.parseLong(f.get("bytes")), Double.parseDouble(f.get("seconds")),
            f.get("failure").isEmpty() ? null : f.get("failure"));
      }

      @Override
      public JobTask task() {
        return new JobTask(JobTask.Kind.CHILD, key(), Map.of("index",
            Integer.toString(child.index()), "network", network));
      }
    };
  }

  /** The best architectures of a search's log, its files written. */
  private Outcome outcome(SearchPlan plan, SearchLog searchLog, String phase) {
    List<Trial> best = searchLog.best(phase, 5);
    if (best.isEmpty()) {
      throw new IllegalStateException("the search scored no architecture successfully; see "
          + directory.resolve("search/trials.csv"));
    }
    searchLog.finish(best);
    log.info("search done in {}: {}; best {} (reward {}, validation accuracy {})",
        io.kdas.runtime.train.ProgressLog.clock(searchLog.elapsedSeconds()), searchLog.counts(),
        Architectures.describe(best.get(0).architecture()), best.get(0).result().reward(),
        best.get(0).result().accuracy());
    return new Outcome(best, searchLog.ranked(phase), plan, searchLog.counts(),
        searchLog.elapsedSeconds());
  }

  /** The whole log of a finished search, so that a resumed run need not search again. */
  private void writeLog(SearchLog searchLog, String phase) {
    Durable.write(directory.resolve(LOG), SearchState.newBuilder()
        .addAllEvents(searchLog.events()).setFinished(true).setSelectionPhase(phase).build()
        .toByteArray());
  }

  private void saveState(SearchStrategy strategy) {
    Durable.write(directory.resolve("search/strategy-state.bin"), strategy.saveState());
  }

  private static String describe(SearchPlan plan) {
    return plan.complete(Architecture.getDefaultInstance()).getPositionList().stream()
        .map(p -> "stage " + p.getStage() + " block " + p.getAfterBlock()).toList().toString();
  }
}
