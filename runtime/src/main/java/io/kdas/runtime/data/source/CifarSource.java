package io.kdas.runtime.data.source;

import io.kdas.runtime.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A CIFAR-10 or CIFAR-100 binary release, as a folder or its archive ({@link CifarBinaryLoader}).
 *
 * @param path the archive, the release folder or its parent
 * @param format which release and labels
 * @param cacheDir where the decoded splits are cached
 */
record CifarSource(Path path, CifarFormat format, Path cacheDir) implements DataSource {

  /** The training images of every release. */
  private static final int RELEASE_TRAIN = 50_000;

  @Override
  public Dataset load() {
    return CifarBinaryLoader.load(path, format, cacheDir);
  }

  /**
   * The records of the folder's training files (their sizes over the record size); the
   * release's 50,000 for an archive or a folder that does not hold them all.
   */
  @Override
  public SourceSize size() {
    for (Path folder : List.of(path, path.resolve(format.folder()))) {
      long bytes = 0;
      for (String file : format.trainFiles()) {
        Path f = folder.resolve(file);
        try {
          bytes = Files.isRegularFile(f) && bytes >= 0 ? bytes + Files.size(f) : -1;
        } catch (IOException e) {
          bytes = -1;
        }
      }
      if (bytes >= 0) {
        return new SourceSize((int) (bytes / format.recordBytes()), format.classes());
      }
    }
    return new SourceSize(RELEASE_TRAIN, format.classes());
  }
}
