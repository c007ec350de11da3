package io.kdas.runtime;

import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.LearningRateSpec;
import io.kdas.proto.ModelSpec;
import io.kdas.proto.ResNetSpec;
import io.kdas.proto.TrainingSpec;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.source.SyntheticDataset;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.spec.SpecDefaults;
import java.util.Map;
import org.tensorflow.proto.ConfigProto;

/** Tiny models, data and settings shared by the runtime's tests. */
public final class TestModels {

  /** Single-threaded sessions: deterministic results and no contention between tests. */
  public static final ConfigProto SINGLE_THREAD = ConfigProto.newBuilder()
      .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();

  private TestModels() {}

  /** 4 classes of 8x8 images: small enough to train in a second. */
  public static Dataset tinyData(long seed) {
    return SyntheticDataset.generate(4, 256, 64, 8, 0.1f, seed);
  }

  /** A ResNet-8 of width 4 for {@code data}. */
  public static ModelDefinition tinyResNet(Dataset data) {
    return new ModelDefinition(
        ModelSpec.newBuilder().setResnet(ResNetSpec.newBuilder().setDepth(8).setWidth(4)).build(),
        data.classes(), data.train().height(), data.train().width(),
        ChannelStats.of(data.train()));
  }

  public static TrainingSpec training(int epochs, int batch) {
    return SpecDefaults.fill(TrainingSpec.newBuilder().setEpochs(epochs).setBatchSize(batch)
        .setLearningRate(LearningRateSpec.newBuilder().setInitial(0.05f)).build());
  }

  public static DistillationLoss loss(String name, Map<String, String> params) {
    return PluginRegistry.fromClassPath().create(PluginKind.LOSS, name, params,
        DistillationLoss.class);
  }
}
