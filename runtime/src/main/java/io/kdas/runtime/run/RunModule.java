package io.kdas.runtime.run;

import dagger.Module;
import dagger.Provides;
import io.kdas.proto.RunSpec;
import io.kdas.runtime.spec.RunPlan;
import io.kdas.runtime.train.SessionConfig;
import java.nio.file.Path;
import java.util.List;
import javax.inject.Named;
import javax.inject.Singleton;
import org.tensorflow.proto.ConfigProto;

/** Bindings derived from the resolved spec. */
@Module
public interface RunModule {

  /** Jobs run in this process, or by the executor {@code --executor} names. */
  @Provides
  @Singleton
  static JobExecutor executor(@Named("executor") String address, RunSpec spec,
      RunDirectory directory, InProcessExecutor inProcess,
      @Named("pluginDirs") List<Path> pluginDirs) {
    return address.isEmpty() ? inProcess : ExecutorProvider.find(address)
        .create(address, spec, directory, inProcess, pluginDirs);
  }

  @Provides
  static RunSpec spec(RunPlan plan) {
    return plan.spec();
  }

  @Provides
  static ConfigProto sessionConfig(RunSpec spec) {
    return SessionConfig.of(spec.getDevice());
  }
}
