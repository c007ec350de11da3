package io.kdas.runtime.search;

import com.google.protobuf.TextFormat;
import io.kdas.api.op.OperationCost;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;
import io.kdas.proto.SearchEvent;
import io.kdas.runtime.model.Architectures;
import io.kdas.runtime.report.TensorBoardLogs;
import io.kdas.runtime.train.Durable;
import io.kdas.runtime.train.EpochMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a search scores, as it happens: {@code search/trials.csv} (every architecture with
 * its reward, accuracy, size and time) and {@code search/progress.csv} (running best and the mean
 * reward of recent trials: how the controller or population improves), and at the end the best
 * architectures as text files.
 */
public final class SearchLog {

  private static final Logger log = LoggerFactory.getLogger(SearchLog.class);
  private static final int WINDOW = 20;

  private final Path folder;
  private final SearchPlan plan;
  private final TensorBoardLogs tensorboard;
  private long start = System.nanoTime();
  private final List<Trial> trials = new ArrayList<>();
  private final List<Architecture> decisions = new ArrayList<>();
  private final List<SearchEvent> events = new ArrayList<>();
  private boolean replaying;
  private final StringBuilder csv = new StringBuilder(
      "index,phase,architecture,reward,accuracy,parameters,bytes,flops,seconds,elapsed,failure,"
          + "same_as\n");
  private int duplicates;
  private final StringBuilder progress =
      new StringBuilder("index,elapsed,best_reward,mean_reward_last_" + WINDOW + "\n");

  /** A log writing into {@code folder} (a run's {@code search}) and the run's TensorBoard logs. */
  public SearchLog(Path folder, SearchPlan plan) {
    this.folder = folder;
    this.plan = plan;
    this.tensorboard = new TensorBoardLogs(folder.toAbsolutePath().getParent());
  }

  /** Records a scored architecture (decisions only; the plan completes it). */
  public Trial record(String phase, Architecture decisions, OperationCost cost,
      TrialResult result) {
    return record(phase, decisions, cost, result, (System.nanoTime() - start) / 1e9);
  }

  private Trial record(String phase, Architecture decisions, OperationCost cost,
      TrialResult result, double elapsed) {
    Trial t = new Trial(trials.size() + 1, phase, plan.complete(decisions), cost, result,
        elapsed);
    trials.add(t);
    this.decisions.add(decisions);
    SearchEvent.Builder event = SearchEvent.newBuilder().setPhase(phase)
        .setDecisions(decisions).setReward(result.reward()).setAccuracy(result.accuracy())
        .setParameters(result.parameters()).setBytes(result.bytes())
        .setSeconds(result.seconds()).setElapsed(elapsed);
    if (result.failure() != null) {
      event.setFailure(result.failure());
    }
    events.add(event.build());
    csv.append(String.format(Locale.ROOT, "%d,%s,%s,%.6f,%s,%d,%d,%d,%.2f,%.1f,%s,%n",
        t.index(), phase, Architectures.describe(decisions), result.reward(), accuracyCell(result),
        cost.parameters(), cost.bytes(), cost.flops(), result.seconds(), t.elapsedSeconds(),
        result.failed() ? quoted(result.failure()) : ""));
    double best = trials.stream().filter(SearchLog::ranked)
        .mapToDouble(x -> x.result().reward()).max().orElse(Double.NaN);
    double recent = trials.subList(Math.max(0, trials.size() - WINDOW), trials.size()).stream()
        .filter(SearchLog::ranked).mapToDouble(x -> x.result().reward()).average()
        .orElse(Double.NaN);
    progress.append(String.format(Locale.ROOT, "%d,%.1f,%.6f,%.6f%n", t.index(),
        t.elapsedSeconds(), best, recent));
    if (replaying) {
      return t;
    }
    tensorboard.trial(t.index(), result.reward(), result.failed() ? Double.NaN
        : result.accuracy(), cost.bytes(), best);
    flush();
    if (result.failed()) {
      // A failed child was never evaluated: no accuracy to print, only the reward it was given.
      log.info(String.format(Locale.ROOT, "trial %d (%s): %s  %,d bytes  failed: %s  (reward "
              + "%.4f given to the strategy)", t.index(), phase, Architectures.describe(decisions),
          cost.bytes(), result.failure(), result.reward()));
    } else {
      log.info(String.format(Locale.ROOT, "trial %d (%s): %s  reward %.4f  validation acc %.4f  "
              + "%,d bytes", t.index(), phase, Architectures.describe(decisions), result.reward(),
          result.accuracy(), cost.bytes()));
    }
    return t;
  }

  /** The accuracy column: empty for a failed trial, which was never evaluated. */
  private static String accuracyCell(TrialResult result) {
    return result.failed() ? "" : String.format(Locale.ROOT, "%.6f", result.accuracy());
  }

  /**
   * Records a proposal that is the same network as an earlier trial: a row of phase {@code
   * duplicate} that names the trial whose result it was told, not a new trial.
   */
  public void duplicate(Architecture network, Trial earlier) {
    duplicate(network, earlier, (System.nanoTime() - start) / 1e9);
  }

  private void duplicate(Architecture network, Trial earlier, double elapsed) {
    duplicates++;
    TrialResult r = earlier.result();
    OperationCost cost = earlier.cost();
    csv.append(String.format(Locale.ROOT, "%d,duplicate,%s,%.6f,%s,%d,%d,%d,0.00,%.1f,,%d%n",
        trials.size(), Architectures.describe(network), r.reward(), accuracyCell(r),
        cost.parameters(), cost.bytes(), cost.flops(), elapsed, earlier.index()));
    events.add(SearchEvent.newBuilder().setDuplicate(true).setDecisions(network)
        .setElapsed(elapsed).setSameAs(earlier.index()).build());
    log.debug("proposal {} is the network of trial {}: not scored again",
        Architectures.describe(network), earlier.index());
  }

  /**
   * How the search went: children scored, rejected by the budget without training, failed
   * (could not be built or trained, non-finite output or reward), and duplicate proposals.
   */
  public record Counts(int scored, int overBudget, int failed, int duplicates) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d architectures scored, %d rejected by the budget "
          + "without training, %d failed, %d proposals of an already scored network", scored,
          overBudget, failed, duplicates);
    }
  }

  public Counts counts() {
    int over = (int) trials.stream().filter(t -> MemoryBudget.isRejection(t.result())).count();
    int failed = (int) trials.stream().filter(t -> t.result().failed()).count() - over;
    return new Counts(trials.size() - over - failed, over, failed, duplicates);
  }

  /** Proposals that were the same network as an earlier trial and were not scored again. */
  public int duplicates() {
    return duplicates;
  }

  /** A trial that may rank: scored, with a finite reward. */
  private static boolean ranked(Trial t) {
    return !t.result().failed() && Double.isFinite(t.result().reward());
  }

  private void flush() {
    Durable.writeString(folder.resolve("trials.csv"), csv.toString());
    Durable.writeString(folder.resolve("progress.csv"), progress.toString());
  }

  private static String quoted(String text) {
    return '"' + text.replace("\"", "\"\"").replace('\n', ' ') + '"';
  }

  public List<Trial> trials() {
    return List.copyOf(trials);
  }

  /** An epoch of the shared weights' training, in the search's TensorBoard run. */
  public void sharedEpoch(EpochMetrics m) {
    tensorboard.epoch("search", m);
  }

  /** The best trials of a phase by reward, best first. */
  public List<Trial> best(String phase, int count) {
    return ranked(phase).stream()
        .sorted(Comparator.comparingDouble((Trial t) -> t.result().reward()).reversed())
        .limit(count).toList();
  }

  /** The trials of a phase that were scored (not failed, not rejected), in trial order. */
  public List<Trial> ranked(String phase) {
    return trials.stream().filter(t -> t.phase().equals(phase) && ranked(t)).toList();
  }

  /** Writes the files and the best architectures (search/best-K.textproto). */
  public void finish(List<Trial> best) {
    flush();
    for (int k = 0; k < best.size(); k++) {
      Trial t = best.get(k);
      Durable.writeString(folder.resolve("best-" + (k + 1) + ".textproto"), String.format(Locale.ROOT,
          "# reward %.4f, validation accuracy %.4f, %,d parameters, %,d bytes, %,d MACs%n%s",
          t.result().reward(), t.result().accuracy(), t.cost().parameters(), t.cost().bytes(),
          t.cost().flops(), TextFormat.printer().printToString(t.architecture())));
    }
  }

  /** Every trial and duplicate so far, as a resumed run replays them. */
  public List<SearchEvent> events() {
    return List.copyOf(events);
  }

  /** The decisions each trial was recorded with, in trial order. */
  public List<Architecture> decisions() {
    return List.copyOf(decisions);
  }

  /**
   * Replays the events of an interrupted search into this empty log: the same trials, rows and
   * counts, and the clock continuing from the last event.
   *
   * @param cost the cost of a decided architecture (recomputed: it is a function of the plan)
   */
  public void restore(List<SearchEvent> saved,
      java.util.function.Function<Architecture, OperationCost> cost) {
    if (!trials.isEmpty() || !events.isEmpty()) {
      throw new IllegalStateException("restoring a search log that has entries");
    }
    replaying = true;
    double last = 0;
    try {
      for (SearchEvent e : saved) {
        last = e.getElapsed();
        if (e.getDuplicate()) {
          duplicate(e.getDecisions(), trials.get(e.getSameAs() - 1), e.getElapsed());
        } else {
          record(e.getPhase(), e.getDecisions(), cost.apply(e.getDecisions()),
              new TrialResult(e.getReward(), e.getAccuracy(), e.getParameters(), e.getBytes(),
                  e.getSeconds(), e.hasFailure() ? e.getFailure() : null), e.getElapsed());
        }
      }
    } finally {
      replaying = false;
    }
    start = System.nanoTime() - (long) (last * 1e9);
    flush();
    if (!saved.isEmpty()) {
      tensorboard.restored("search", trials.size());
      log.info("search: {} trials restored from the interrupted attempt", trials.size());
    }
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
