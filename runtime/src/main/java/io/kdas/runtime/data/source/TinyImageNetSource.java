package io.kdas.runtime.data.source;

import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageRules;
import java.nio.file.Path;

/**
 * TinyImageNet-200 from its folder or zip ({@link TinyImageNetLoader}).
 *
 * @param path the zip, the {@code tiny-imagenet-200} folder or its parent
 * @param imageSize the height and width images are resized to
 * @param cacheDir where the decoded splits are cached
 * @param rules the limits images are decoded under
 */
record TinyImageNetSource(Path path, int imageSize, Path cacheDir, ImageRules rules)
    implements DataSource {

  @Override
  public Dataset load() {
    return TinyImageNetLoader.load(path, imageSize, cacheDir, rules);
  }

  /** The release's 100,000 training images in 200 classes. */
  @Override
  public SourceSize size() {
    return new SourceSize(100_000, 200);
  }
}
