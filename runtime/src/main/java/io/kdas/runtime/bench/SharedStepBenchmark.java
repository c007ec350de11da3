package io.kdas.runtime.bench;

import io.kdas.api.PluginRegistry;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.search.SearchSpace;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import io.kdas.proto.ModelSpec;
import io.kdas.proto.ResNetSpec;
import io.kdas.proto.SearchSpec;
import io.kdas.proto.TrainingSpec;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.pipeline.Batch;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.search.SearchPlan;
import io.kdas.runtime.spec.SpecDefaults;
import io.kdas.runtime.train.TrainingGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.proto.ConfigProto;

/**
 * The cost of a shared-weight training step (the batch routed to the sampled child's candidates,
 * a new child each step, as in the search) against the step of one child built alone, on the
 * same backbone, batch and inputs.
 */
public final class SharedStepBenchmark {

  /** Median milliseconds per step. */
  public record Result(double sharedMillis, double childMillis, double largestChildMillis,
      double backboneMillis, String largestChild) {}

  /** Where the steps of the shared model and of its largest child go. */
  public record Profiles(StepProfile shared, StepProfile largestChild) {}

  private final int depth;
  private final int batch;
  private final ConfigProto config;

  public SharedStepBenchmark(int depth, int batch, ConfigProto config) {
    this.depth = depth;
    this.batch = batch;
    this.config = config;
  }

  public Result run(PluginRegistry registry, DistillationLoss loss, int steps, int children) {
    Setup setup = setup(registry);
    SearchPlan plan = setup.plan();
    ModelDefinition base = setup.base();
    TrainingSpec training = setup.training();
    Batch input = RandomBatch.of(batch, 10);
    SplittableRandom random = new SplittableRandom(3);
    List<Architecture> sampled = new ArrayList<>();
    for (int i = 0; i < children; i++) {
      sampled.add(randomChild(plan.space(), random));
    }
    Architecture largest = uniform(plan.space(), "conv-5x5");
    double shared;
    try (TrainingGraph g = new TrainingGraph(plan.shared(base), loss, training, 0, 1, config)) {
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < steps + 3; i++) {
        g.select(sampled.get(i % sampled.size()));
        double t = time(g, input);
        if (i >= 3) {
          times.add(t);
        }
      }
      shared = Medians.of(times);
    }
    List<Double> childTimes = new ArrayList<>();
    for (Architecture a : sampled) {
      childTimes.add(stepMillis(plan.child(base, a), loss, training, input, steps / children));
    }
    return new Result(shared, Medians.of(childTimes),
        stepMillis(plan.child(base, largest), loss, training, input, steps),
        stepMillis(base, loss, training, input, steps),
        io.kdas.runtime.model.Architectures.describe(largest));
  }

  /** Traces {@code steps} steps of the shared model and of its largest child. */
  public Profiles profile(PluginRegistry registry, DistillationLoss loss, int steps) {
    Setup setup = setup(registry);
    SearchPlan plan = setup.plan();
    ModelDefinition base = setup.base();
    TrainingSpec training = setup.training();
    Batch input = RandomBatch.of(batch, 10);
    Architecture largest = uniform(plan.space(), "conv-5x5");
    StepProfile shared;
    try (TrainingGraph g = new TrainingGraph(plan.shared(base), loss, training, 0, 1, config)) {
      g.select(largest);
      shared = StepProfile.traced(g, input, 3, steps);
    }
    StepProfile child;
    try (TrainingGraph g = new TrainingGraph(plan.child(base, largest), loss, training, 0, 1,
        config)) {
      child = StepProfile.traced(g, input, 3, steps);
    }
    return new Profiles(shared, child);
  }

  /** The default search space on the benchmark's backbone, and the training settings. */
  private record Setup(SearchPlan plan, ModelDefinition base, TrainingSpec training) {}

  private Setup setup(PluginRegistry registry) {
    ModelSpec backbone = ModelSpec.newBuilder()
        .setResnet(ResNetSpec.newBuilder().setDepth(depth)).build();
    return new Setup(SearchPlan.of(SpecDefaults.fill(SearchSpec.getDefaultInstance()), backbone,
        registry), new ModelDefinition(backbone, 10, 32, 32, new ChannelStats(
            new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f})),
        SpecDefaults.fill(TrainingSpec.newBuilder().setBatchSize(batch).build()));
  }

  private double stepMillis(ModelDefinition model, DistillationLoss loss, TrainingSpec training,
      Batch input, int steps) {
    try (TrainingGraph g = new TrainingGraph(model, loss, training, 0, 1, config)) {
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < Math.max(1, steps) + 3; i++) {
        double t = time(g, input);
        if (i >= 3) {
          times.add(t);
        }
      }
      return Medians.of(times);
    }
  }

  private static double time(TrainingGraph g, Batch input) {
    long start = System.nanoTime();
    g.step(input, null, 0.01f);
    return (System.nanoTime() - start) / 1e6;
  }

  private static Architecture randomChild(SearchSpace space, SplittableRandom random) {
    Architecture.Builder b = Architecture.newBuilder();
    for (int j = 0; j < space.layers(); j++) {
      AddOnLayer.Builder l = b.addLayerBuilder()
          .setOperation(space.operations().get(random.nextInt(space.operations().size())));
      for (int i = 0; i < space.connections(); i++) {
        l.addConnection(random.nextBoolean());
      }
    }
    return b.build();
  }

  private static Architecture uniform(SearchSpace space, String op) {
    Architecture.Builder b = Architecture.newBuilder();
    for (int j = 0; j < space.layers(); j++) {
      AddOnLayer.Builder l = b.addLayerBuilder().setOperation(op);
      for (int i = 0; i < space.connections(); i++) {
        l.addConnection(true);
      }
    }
    return b.build();
  }
}
