package io.kdas.runtime.data.source;

import io.kdas.proto.ImageFolderSpec;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageRules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Class-per-folder images, in a folder or a {@code .tar}/{@code .tar.gz} archive ({@link
 * ImageFolderLoader}).
 *
 * @param spec where the images are and how they are read
 * @param rules the limits images are decoded under
 */
record ImageFolderSource(ImageFolderSpec spec, ImageRules rules) implements DataSource {

  @Override
  public Dataset load() {
    return ImageFolderLoader.load(root(), spec.getTrainDir(), spec.getTestDir(),
        spec.getImageSize(), cacheDir(), rules);
  }

  /**
   * Counts the images of {@code <train>/<class>/}; for an archive, what its valid cache records
   * (unknown before a first run has read it: an archive is not opened to validate a spec).
   */
  @Override
  public SourceSize size() {
    Path root = root();
    if (Files.isRegularFile(root)) {
      return ImageArchiveLoader.cachedSize(root, spec.getTrainDir(), spec.getTestDir(),
          spec.getImageSize(), cacheDir());
    }
    Path train = root.resolve(spec.getTrainDir());
    if (!Files.isDirectory(train)) {
      return SourceSize.UNKNOWN;
    }
    List<String> classes = SourceListing.classFolders(train);
    int images = 0;
    for (String name : classes) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(train.resolve(name))) {
        for (Path file : files) {
          images += SourceListing.isImageName(file.getFileName().toString()) ? 1 : 0;
        }
      } catch (IOException e) {
        return new SourceSize(-1, classes.size());
      }
    }
    return new SourceSize(images, classes.size());
  }

  private Path root() {
    return Path.of(spec.getPath());
  }

  private Path cacheDir() {
    return spec.getCacheDir().isEmpty() ? ImageFolderLoader.defaultCacheDir(root())
        : Path.of(spec.getCacheDir());
  }
}
