package io.kdas.runtime.run;

import io.kdas.proto.DatasetSpec;
import io.kdas.proto.RunSpec;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.Subsets;
import io.kdas.runtime.data.source.DataSource;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads (or generates) the run's data and applies the spec's example limits. */
public final class DataStage {

  private static final Logger log = LoggerFactory.getLogger(DataStage.class);

  private final RunSpec spec;

  @Inject
  public DataStage(RunSpec spec) {
    this.spec = spec;
  }

  public Dataset load() {
    DatasetSpec data = spec.getData();
    Dataset full = DataSource.of(data, spec.getSeed()).load();
    Dataset limited = new Dataset(
        full.identity() + limits(data),
        full.classNames(),
        Subsets.classBalanced(full.train(), data.getTrainLimit(), full.classes(), spec.getSeed()),
        Subsets.classBalanced(full.test(), data.getTestLimit(), full.classes(), spec.getSeed()));
    log.info("data: {} classes, {} training and {} test images of {}x{} ({})",
        limited.classes(), limited.train().size(), limited.test().size(),
        limited.train().height(), limited.train().width(), limited.identity());
    return limited;
  }

  private static String limits(DatasetSpec data) {
    return data.getTrainLimit() == 0 && data.getTestLimit() == 0 ? ""
        : " limited to train=" + data.getTrainLimit() + " test=" + data.getTestLimit();
  }
}
