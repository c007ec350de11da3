package io.kdas.plugins.search;

import io.kdas.api.search.ChildTraining;
import io.kdas.api.search.SearchSpace;
import io.kdas.api.search.SearchStrategy;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;
import java.util.ArrayList;
import java.util.List;

/**
 * The ENAS / KDAS controller: an {@link LstmController} that samples architectures and learns by
 * REINFORCE with an exponential-moving-average baseline. Children share weights (the runtime
 * trains the shared model on children drawn with {@link #ask} and tells the validation rewards of
 * others).
 *
 * <p>Update rule. On each tell of reward r (failed or non-finite trials count as {@code
 * failure-reward}): the advantage is {@code A = r - b}, then {@code b <- decay * b + (1 - decay) *
 * r} ({@code b} starts at the first reward). After every {@code batch} tells, the gradient of
 * {@code mean over the batch of [-A * sum log p(decisions) - entropy_weight * sum entropies]} is
 * computed with the current weights and Adam (ENAS settings) takes one step. Tells need not match
 * earlier asks: any architecture of the space can be told.
 */
final class ReinforceStrategy implements SearchStrategy {

  private static final int FORMAT = 1;
  private static final String NAME = ReinforcePlugin.NAME;

  private final ReinforceSettings settings;
  private final List<Told> batch = new ArrayList<>();
  private SpaceCodec codec;
  private SplitMix64 rng;
  private LstmController controller;
  private AdamOptimizer adam;
  private double baseline = Double.NaN;

  /** A told architecture waiting for the next update, with its advantage. */
  private record Told(Genome genome, double advantage) {}

  ReinforceStrategy(ReinforceSettings settings) {
    this.settings = settings;
  }

  @Override
  public ChildTraining childTraining() {
    return ChildTraining.SHARED_WEIGHTS;
  }

  @Override
  public void start(SearchSpace space, long seed) {
    if (codec != null) {
      throw new IllegalStateException("strategy '" + NAME + "' was already started");
    }
    codec = new SpaceCodec(space);
    rng = new SplitMix64(seed);
    controller = new LstmController(
        codec, settings.hiddenSize(), settings.temperature(), settings.tanhConstant());
    controller.initialize(rng);
    adam = AdamOptimizer.enas(controller.parameters().length, settings.learningRate());
  }

  @Override
  public List<Architecture> ask(int count) {
    Strategies.checkAsk(codec, count, NAME);
    List<Architecture> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(codec.encode(Genome.of(controller.sample(rng))));
    }
    return out;
  }

  @Override
  public void tell(Architecture architecture, TrialResult result) {
    Strategies.checkStarted(codec, NAME);
    Genome genome = codec.decode(architecture);
    double r = result.failed() || !Double.isFinite(result.reward())
        ? settings.failureReward()
        : result.reward();
    if (Double.isNaN(baseline)) {
      baseline = r;
    }
    double advantage = r - baseline;
    baseline = settings.baselineDecay() * baseline + (1 - settings.baselineDecay()) * r;
    batch.add(new Told(genome, advantage));
    if (batch.size() == settings.batch()) {
      update();
    }
  }

  private void update() {
    double[] gradient = new double[controller.parameters().length];
    for (Told t : batch) {
      controller.accumulateGradient(
          t.genome().decisions(), t.advantage(), settings.entropyWeight(), gradient);
    }
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] /= batch.size();
    }
    adam.step(controller.parameters(), gradient);
    batch.clear();
  }

  /** The controller's greedy choice: the most likely decision at each step. */
  Architecture mostLikely() {
    Strategies.checkStarted(codec, NAME);
    return codec.encode(Genome.of(controller.greedy()));
  }

  /** Controller updates so far. */
  long updates() {
    return adam.steps();
  }

  @Override
  public byte[] saveState() {
    Strategies.checkStarted(codec, NAME);
    StateWriter w = new StateWriter(NAME, FORMAT, codec.space());
    settings.write(w);
    w.writeLong(rng.state()).writeDouble(baseline).writeLong(adam.steps());
    w.writeDoubles(controller.parameters());
    w.writeDoubles(adam.firstMoments()).writeDoubles(adam.secondMoments());
    w.writeInt(batch.size());
    for (Told t : batch) {
      w.writeGenome(t.genome()).writeDouble(t.advantage());
    }
    return w.toByteArray();
  }

  @Override
  public void restoreState(byte[] state) {
    Strategies.checkStarted(codec, NAME);
    StateReader r = new StateReader(state, NAME, FORMAT, codec.space());
    ReinforceSettings saved = ReinforceSettings.read(r);
    if (!saved.equals(settings)) {
      throw r.invalid("it was saved with " + saved + "; this one has " + settings);
    }
    long rngState = r.readLong();
    double savedBaseline = r.readDouble();
    long steps = r.readLong();
    int n = controller.parameters().length;
    double[] theta = r.readDoubles(n, "controller weights");
    double[] m = r.readDoubles(n, "Adam first moments");
    double[] v = r.readDoubles(n, "Adam second moments");
    List<Told> waiting = new ArrayList<>();
    for (int i = r.readInt(0, settings.batch() - 1, "tells awaiting an update"); i > 0; i--) {
      waiting.add(new Told(r.readGenome(codec), r.readDouble()));
    }
    r.end();
    rng.setState(rngState);
    baseline = savedBaseline;
    System.arraycopy(theta, 0, controller.parameters(), 0, n);
    adam.restore(m, v, steps);
    batch.clear();
    batch.addAll(waiting);
  }
}
