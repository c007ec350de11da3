package io.kdas.runtime.train;

import io.kdas.api.loss.DistillationInputs;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.layers.GraphLayerContext;
import io.kdas.layers.VariableStore;
import io.kdas.proto.Architecture;
import io.kdas.proto.TrainingSpec;
import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.pipeline.Batch;
import io.kdas.runtime.data.pipeline.BatchStream;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.model.SharedAddOns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One network's graph and session: a training tower (batch statistics, the loss, the optimizer)
 * and an evaluation tower (moving statistics) over the same variables. The teachers are never in
 * this graph: their logits arrive through a placeholder, so no optimizer can reach them.
 */
public final class TrainingGraph implements AutoCloseable {

  private final Graph graph;
  private final Session session;
  private final ModelDefinition model;
  private final int batchSize;
  private final int teachers;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> teacherLogits;
  private final Placeholder<TFloat32> learningRate;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> correct;
  private final Op trainStep;
  private final Placeholder<TFloat32> evalImages;
  private final Operand<TFloat32> evalLogits;
  private final VariableStore store;
  /** Placeholder values that select one child of a shared model; empty otherwise. */
  private Map<Operand<TFloat32>, float[]> selection = Map.of();

  /**
   * Builds the graph and opens its session.
   *
   * @param teachers number of teachers whose logits the loss reads (0 if it reads none)
   */
  public TrainingGraph(ModelDefinition model, DistillationLoss distillationLoss,
      TrainingSpec training, int teachers, long seed, ConfigProto config) {
    this.model = model;
    this.batchSize = training.getBatchSize();
    this.teachers = distillationLoss.usesTeachers() ? teachers : 0;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      store = VariableStore.seeded(graph, seed);
      Shape imageShape = Shape.of(batchSize, model.height(), model.width(), 3);
      images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(imageShape));
      labels = tf.withName("labels").placeholder(TInt32.class,
          Placeholder.shape(Shape.of(batchSize)));
      teacherLogits = tf.withName("teacher_logits").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(batchSize, Math.max(1, this.teachers), model.classes())));
      learningRate = tf.withName("learning_rate").placeholder(TFloat32.class,
          Placeholder.shape(Shape.scalar()));

      // A shared model's moving statistics would average over every child it trained, so they
      // fit none of them: it keeps none, and its children are scored with the statistics of
      // the batch they see.
      boolean shared = model.addOns() instanceof SharedAddOns;
      Ops train = tf.withSubScope("train");
      boolean mixed = SessionConfig.mixedPrecision(config);
      Operand<TFloat32> modelLogits = model.logits(tower(train, shared, true), images);
      Operand<TFloat32> logits =
          mixed ? Float32Boundary.of(train, modelLogits) : modelLogits; // the loss in float32
      Ops lossScope = train.withSubScope("loss");
      Operand<TFloat32> perExample = distillationLoss.perExampleLoss(lossScope,
          new DistillationInputs(logits, teacherLogits, labels, model.classes(), this.teachers));
      loss = lossScope.math.mean(perExample, lossScope.constant(0));
      correct = train.reduceSum(train.dtypes.cast(train.math.equal(
          train.math.argMax(logits, train.constant(1), TInt32.class), labels), TFloat32.class),
          train.constant(0));
      trainStep = new MomentumOptimizer(training.getOptimizer().getMomentum(),
          training.getOptimizer().getNesterov(), training.getWeightDecay(),
          lossScale(config), mixed)
          .minimize(graph, train, loss, store, learningRate);

      Ops eval = tf.withSubScope("eval");
      evalImages = eval.withName("images").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, model.height(), model.width(), 3)));
      evalLogits = model.logits(tower(eval, shared, false), evalImages);
      session = new Session(graph, config);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** A tower's layer context: batch statistics only for a shared model, as explained above. */
  private GraphLayerContext tower(Ops tf, boolean shared, boolean training) {
    return shared ? GraphLayerContext.batchStatistics(tf, store)
        : GraphLayerContext.root(tf, store, training);
  }

  /**
   * Runs one training step.
   *
   * @param teacherBatch teacher logits [batch, teachers, classes], or null if the loss reads none
   * @return {loss, correct predictions in the batch}
   */
  public float[] step(Batch batch, float[] teacherBatch, float rate) {
    return step(batch, teacherBatch, rate, null, null);
  }

  /**
   * One training step traced by TensorFlow (every kernel's start and end, and the graph as the
   * session ran it, after grappler's rewrites), for profiling.
   *
   * @param trace receives the step's run metadata
   * @param runNanos receives the nanoseconds spent inside the session run, at index 0
   */
  public float[] tracedStep(Batch batch, float[] teacherBatch, float rate,
      java.util.function.Consumer<RunMetadata> trace, long[] runNanos) {
    return step(batch, teacherBatch, rate, trace, runNanos);
  }

  @SuppressWarnings("try") // the feeds' tensors only need closing after the run
  private float[] step(Batch batch, float[] teacherBatch, float rate,
      java.util.function.Consumer<RunMetadata> trace, long[] runNanos) {
    try (TFloat32 x = TFloat32.tensorOf(images.shape(),
            DataBuffers.of(batch.images(), true, false).narrow(images.shape().size()));
        TInt32 y = TInt32.tensorOf(labels.shape(), DataBuffers.of(batch.labels(), true, false)
            .narrow(batchSize));
        TFloat32 t = teacherTensor(teacherBatch);
        TFloat32 lr = TFloat32.scalarOf(rate)) {
      Session.Runner runner = session.runner().feed(images, x).feed(labels, y)
          .feed(learningRate, lr).addTarget(trainStep).fetch(loss).fetch(correct);
      if (t != null) {
        runner.feed(teacherLogits, t);
      }
      if (trace != null) {
        runner.setOptions(RunOptions.newBuilder()
            .setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).setOutputPartitionGraphs(true)
            .build());
      }
      long start = System.nanoTime();
      try (Feeds ignored = Feeds.of(runner, selection);
          Result r = trace == null ? runner.run() : runner.runAndFetchMetadata()) {
        if (trace != null) {
          runNanos[0] = System.nanoTime() - start;
          r.getMetadata().ifPresent(trace);
        }
        return new float[] {((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat()};
      }
    }
  }

  /** Logits [size, classes] of every example of a split, without augmentation. */
  @SuppressWarnings("try") // the feeds' tensors only need closing after the run
  public float[] predict(ImageSplit split, int evalBatchSize) {
    float[] out = new float[split.size() * model.classes()];
    BatchStream.forEachEvalBatch(split, evalBatchSize, (first, pixels, labels, count) -> {
      Session.Runner runner = session.runner();
      try (TFloat32 x = TFloat32.tensorOf(
              Shape.of(count, model.height(), model.width(), 3),
              DataBuffers.of(pixels, true, false).narrow((long) count * split.pixelsPerImage()));
          Feeds ignored = Feeds.of(runner, selection);
          Result r = runner.feed(evalImages, x).fetch(evalLogits).run()) {
        ((TFloat32) r.get(0)).copyTo(
            DataBuffers.of(out, false, false).offset((long) first * model.classes())
                .narrow((long) count * model.classes()));
      }
    });
    return out;
  }

  /**
   * Selects the child that later steps and predictions use, for a model with {@link
   * SharedAddOns}; ignored otherwise.
   */
  public void select(Architecture architecture) {
    if (model.addOns() instanceof SharedAddOns shared) {
      selection = shared.feeds(graph, architecture);
    }
  }

  /** Writes the variables (weights, batch-norm statistics) to a checkpoint with this prefix. */
  public void saveCheckpoint(Path prefix) throws IOException {
    Files.createDirectories(prefix.toAbsolutePath().getParent());
    session.save(prefix.toString());
  }

  /**
   * Replaces every variable (weights, batch-norm statistics, optimizer slots) with the values of
   * a checkpoint written by {@link #saveCheckpoint} for the same graph.
   */
  public void restoreCheckpoint(Path prefix) {
    session.restore(prefix.toString());
  }

  /**
   * The static loss scale of float16 mixed precision (a GPU run with BF16 precision): NVIDIA's
   * mixed-precision guide finds 128 enough to keep CNN gradients out of float16's subnormals
   * without overflow. float32 and bfloat16 (float32's exponent range) need none.
   */
  static final float FLOAT16_LOSS_SCALE = 128f;

  static float lossScale(ConfigProto config) {
    return config.getGraphOptions().getRewriteOptions().getAutoMixedPrecision()
        == RewriterConfig.Toggle.ON ? FLOAT16_LOSS_SCALE : 1f;
  }

  public VariableStore variables() {
    return store;
  }

  public Graph graph() {
    return graph;
  }

  public int batchSize() {
    return batchSize;
  }

  public int classes() {
    return model.classes();
  }

  private TFloat32 teacherTensor(float[] teacherBatch) {
    Shape shape = teacherLogits.shape();
    if (teachers == 0) {
      return null; // the loss reads no teachers: nothing to feed
    }
    return TFloat32.tensorOf(shape, DataBuffers.of(teacherBatch, true, false)
        .narrow(shape.size()));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
