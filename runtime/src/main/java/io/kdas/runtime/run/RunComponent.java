package io.kdas.runtime.run;

import dagger.BindsInstance;
import dagger.Component;
import io.kdas.api.PluginRegistry;
import io.kdas.runtime.spec.RunPlan;
import javax.inject.Named;

/** The object graph of one run, built from a resolved spec, the registry and its directory. */
@Component(modules = RunModule.class)
public interface RunComponent {

  RunPipeline pipeline();

  /** Supplies what a run is made of. */
  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder plan(RunPlan validated);

    @BindsInstance
    Builder specText(@Named("specText") String text);

    @BindsInstance
    Builder registry(PluginRegistry registry);

    @BindsInstance
    Builder directory(RunDirectory directory);

    RunComponent build();
  }

  static Builder builder() {
    return DaggerRunComponent.builder();
  }
}
