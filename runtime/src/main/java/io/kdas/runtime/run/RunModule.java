package io.kdas.runtime.run;

import dagger.Module;
import dagger.Provides;
import io.kdas.proto.RunSpec;
import org.tensorflow.proto.ConfigProto;

/** Bindings derived from the resolved spec. */
@Module
public interface RunModule {

  @Provides
  static ConfigProto sessionConfig(RunSpec spec) {
    return SessionConfig.of(spec.getDevice());
  }
}
