package io.kdas.runtime.run;

import io.kdas.proto.DatasetSpec;
import io.kdas.proto.ImageFolderSpec;
import io.kdas.proto.RunSpec;
import io.kdas.proto.SyntheticDataSpec;
import io.kdas.runtime.data.CifarBinaryLoader;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageFolderLoader;
import io.kdas.runtime.data.ImageRules;
import io.kdas.runtime.data.Subsets;
import io.kdas.runtime.data.SyntheticDataset;
import io.kdas.runtime.data.TinyImageNetLoader;
import java.nio.file.Path;
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

  private static ImageRules rules(DatasetSpec data) {
    return new ImageRules(data.getMaxImagePixels(), data.getSkipCorruptImages());
  }

  public Dataset load() {
    DatasetSpec data = spec.getData();
    Dataset full = switch (data.getSourceCase()) {
      case SYNTHETIC -> {
        SyntheticDataSpec s = data.getSynthetic();
        yield SyntheticDataset.generate(s.getClasses(), s.getTrainExamples(),
            s.getTestExamples(), s.getImageSize(), s.getNoise(), spec.getSeed());
      }
      case IMAGE_FOLDER -> {
        ImageFolderSpec f = data.getImageFolder();
        Path root = Path.of(f.getPath());
        Path cache = !f.getCacheDir().isEmpty() ? Path.of(f.getCacheDir())
            : ImageFolderLoader.defaultCacheDir(root);
        yield ImageFolderLoader.load(root, f.getTrainDir(), f.getTestDir(), f.getImageSize(),
            cache, rules(data));
      }
      case CIFAR10 -> CifarBinaryLoader.loadCifar10(Path.of(data.getCifar10().getPath()),
          cache(data.getCifar10().getCacheDir(), "cifar10"));
      case CIFAR100 -> CifarBinaryLoader.loadCifar100(Path.of(data.getCifar100().getPath()),
          data.getCifar100().getCoarseLabels(), cache(data.getCifar100().getCacheDir(),
              "cifar100"));
      case TINY_IMAGENET -> TinyImageNetLoader.load(Path.of(data.getTinyImagenet().getPath()),
          data.getTinyImagenet().getImageSize(), cache(data.getTinyImagenet().getCacheDir(),
              "tiny-imagenet"), rules(data));
      case SOURCE_NOT_SET -> throw new IllegalStateException("validated spec has no data");
    };
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

  private static Path cache(String given, String name) {
    return given.isEmpty() ? Path.of(".kdas-cache", name) : Path.of(given);
  }

  private static String limits(DatasetSpec data) {
    return data.getTrainLimit() == 0 && data.getTestLimit() == 0 ? ""
        : " limited to train=" + data.getTrainLimit() + " test=" + data.getTestLimit();
  }
}
