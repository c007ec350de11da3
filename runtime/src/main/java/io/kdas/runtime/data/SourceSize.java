package io.kdas.runtime.data;

import io.kdas.proto.DatasetSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shape of a data source as far as it can be known cheaply, before anything is decoded:
 * what the spec says (a generated task), what a release always holds (CIFAR: 50,000 training
 * images; TinyImageNet: 100,000 in 200 classes), or a count of the files of an image folder.
 * An archive of images is not opened here: its counts come from the cache of an earlier run, or
 * are unknown until it is read.
 *
 * @param trainExamples the training examples after {@code train_limit}, or -1 if unknown
 * @param classes the number of classes, or -1 if unknown
 */
public record SourceSize(int trainExamples, int classes) {

  private static final int CIFAR_TRAIN = 50_000;
  private static final int TINY_IMAGENET_TRAIN = 100_000;

  public boolean knowsTrainExamples() {
    return trainExamples >= 0;
  }

  public boolean knowsClasses() {
    return classes >= 0;
  }

  /** The size of the source {@code data} names (paths relative to the working directory). */
  public static SourceSize of(DatasetSpec data) {
    SourceSize full = switch (data.getSourceCase()) {
      case SYNTHETIC -> new SourceSize(data.getSynthetic().getTrainExamples(),
          data.getSynthetic().getClasses());
      case CIFAR10 -> new SourceSize(cifarTrain(data.getCifar10().getPath(), CifarFormat.CIFAR10),
          10);
      case CIFAR100 -> new SourceSize(cifarTrain(data.getCifar100().getPath(),
          CifarFormat.CIFAR100_FINE), data.getCifar100().getCoarseLabels() ? 20 : 100);
      case TINY_IMAGENET -> new SourceSize(TINY_IMAGENET_TRAIN, 200);
      case IMAGE_FOLDER -> imageFolder(data.getImageFolder());
      default -> new SourceSize(-1, -1);
    };
    int limit = data.getTrainLimit();
    if (limit > 0) {
      // train_limit takes at most this many: an upper bound even where the source is unknown.
      return new SourceSize(full.knowsTrainExamples() ? Math.min(limit, full.trainExamples())
          : limit, full.classes());
    }
    return full;
  }

  /**
   * The records of a CIFAR folder's training files (their sizes over the record size); the
   * release's 50,000 for an archive or a folder that does not hold them all.
   */
  private static int cifarTrain(String path, CifarFormat format) {
    for (Path folder : List.of(Path.of(path), Path.of(path).resolve(format.folder()))) {
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
        return (int) (bytes / format.recordBytes());
      }
    }
    return CIFAR_TRAIN;
  }

  /**
   * Counts the images of a folder's {@code <train>/<class>/}; for an archive, what its valid
   * cache records (unknown before the first run has read it).
   */
  private static SourceSize imageFolder(io.kdas.proto.ImageFolderSpec f) {
    Path root = Path.of(f.getPath());
    if (Files.isRegularFile(root)) {
      Path cache = f.getCacheDir().isEmpty() ? ImageFolderLoader.defaultCacheDir(root)
          : Path.of(f.getCacheDir());
      return ImageArchiveLoader.cachedSize(root, f.getTrainDir(), f.getTestDir(),
          f.getImageSize(), cache);
    }
    Path train = root.resolve(f.getTrainDir());
    if (!Files.isDirectory(train)) {
      return new SourceSize(-1, -1);
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
}
