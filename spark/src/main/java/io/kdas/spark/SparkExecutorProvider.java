package io.kdas.spark;

import io.kdas.proto.RunSpec;
import io.kdas.runtime.run.ExecutorProvider;
import io.kdas.runtime.run.InProcessExecutor;
import io.kdas.runtime.run.JobExecutor;
import io.kdas.runtime.run.RunDirectory;
import java.nio.file.Path;
import java.util.List;

/** {@code --executor spark://HOST:PORT} (a standalone master) or {@code local[N]}. */
public final class SparkExecutorProvider implements ExecutorProvider {

  @Override
  public boolean accepts(String address) {
    return address.startsWith("spark://") || address.startsWith("local[");
  }

  @Override
  public JobExecutor create(String address, RunSpec spec, RunDirectory directory,
      InProcessExecutor inProcess, List<Path> pluginDirs) {
    return new SparkExecutor(address, spec, directory, inProcess, pluginDirs);
  }
}
