package io.kdas.runtime.run;

import dagger.BindsInstance;
import dagger.Component;
import io.kdas.api.PluginRegistry;
import io.kdas.runtime.spec.RunPlan;
import java.nio.file.Path;
import java.util.List;
import javax.inject.Named;
import javax.inject.Singleton;

/** The object graph of one run, built from a resolved spec, the registry and its directory. */
@Singleton
@Component(modules = RunModule.class)
public interface RunComponent {

  RunPipeline pipeline();

  /** Runs single jobs of the run for a cluster executor. */
  RunWorker worker();

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

    /** Where jobs run: "" for this process, or an address such as spark://host:7077. */
    @BindsInstance
    Builder executor(@Named("executor") String address);

    @BindsInstance
    Builder pluginDirs(@Named("pluginDirs") List<Path> dirs);

    RunComponent build();
  }

  static Builder builder() {
    return DaggerRunComponent.builder();
  }
}
