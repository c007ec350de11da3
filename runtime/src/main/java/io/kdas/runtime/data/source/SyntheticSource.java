package io.kdas.runtime.data.source;

import io.kdas.proto.SyntheticDataSpec;
import io.kdas.runtime.data.Dataset;

/**
 * A generated task ({@link SyntheticDataset}), drawn with the run's seed.
 *
 * @param spec the task's shape
 * @param seed the run's seed
 */
record SyntheticSource(SyntheticDataSpec spec, long seed) implements DataSource {

  @Override
  public Dataset load() {
    return SyntheticDataset.generate(spec.getClasses(), spec.getTrainExamples(),
        spec.getTestExamples(), spec.getImageSize(), spec.getNoise(), seed);
  }

  /** Exactly what the spec asks for. */
  @Override
  public SourceSize size() {
    return new SourceSize(spec.getTrainExamples(), spec.getClasses());
  }
}
