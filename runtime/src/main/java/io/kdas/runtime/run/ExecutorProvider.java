package io.kdas.runtime.run;

import io.kdas.proto.RunSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes the executor that {@code kdas run --executor ADDRESS} names (e.g. {@code
 * spark://host:7077}). Found with {@link ServiceLoader}, so a cluster module on the class path
 * (kdas-spark) adds one without the runtime depending on it.
 */
public interface ExecutorProvider {

  /** Whether this provider runs jobs at {@code address}. */
  boolean accepts(String address);

  /**
   * An executor for one run.
   *
   * @param spec the run's resolved spec (its device says whether tasks need GPUs)
   * @param inProcess runs what must run where the run is driven, and records completions
   * @param pluginDirs the plugin folders the driver loaded (workers load the same)
   */
  JobExecutor create(String address, RunSpec spec, RunDirectory directory,
      InProcessExecutor inProcess, List<Path> pluginDirs);

  /** The provider for {@code address}; names the installed ones if none accepts it. */
  static ExecutorProvider find(String address) {
    List<ExecutorProvider> providers = ServiceLoader.load(ExecutorProvider.class).stream()
        .map(ServiceLoader.Provider::get).toList();
    return providers.stream().filter(p -> p.accepts(address)).findFirst().orElseThrow(() ->
        new io.kdas.runtime.spec.SpecException("executor " + address + ": no executor for "
            + "this address is installed (" + (providers.isEmpty() ? "none is; spark:// needs "
            + "the kdas-spark module: mvn -Pspark install; ./kdas then runs with it" : providers
            .stream().map(p -> p.getClass().getSimpleName()).toList()) + ")"));
  }
}
