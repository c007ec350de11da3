package io.kdas.runtime.run;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.kdas.proto.RunSpec;
import io.kdas.runtime.spec.RunPlan;
import org.tensorflow.proto.ConfigProto;

/** Bindings derived from the resolved spec. */
@Module
public interface RunModule {

  /** Jobs run in this process (a cluster executor would bind here). */
  @Binds
  JobExecutor executor(InProcessExecutor inProcess);

  @Provides
  static RunSpec spec(RunPlan plan) {
    return plan.spec();
  }

  @Provides
  static ConfigProto sessionConfig(RunSpec spec) {
    return SessionConfig.of(spec.getDevice());
  }
}
