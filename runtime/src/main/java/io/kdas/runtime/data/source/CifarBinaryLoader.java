package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.cache.CacheFolder;
import io.kdas.runtime.data.cache.DatasetCache;
import io.kdas.runtime.data.cache.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the binary releases of CIFAR-10 and CIFAR-100 (Krizhevsky 2009), the data of the KDAS
 * paper's main experiments, exactly as distributed: the {@code cifar-10-binary.tar.gz} / {@code
 * cifar-100-binary.tar.gz} archive read in one streaming pass, or the folder it unpacks to (or
 * that folder's parent).
 *
 * <p>The binary release holds the original pixels, unlike a re-encoded JPEG copy, so accuracies
 * are comparable to published ones. Records keep the file order (CIFAR-10's training examples
 * are {@code data_batch_1.bin} to {@code data_batch_5.bin} in turn), so example indices are the
 * usual ones. Pixels are converted from the release's planar layout to HWC and cached like every
 * other loader's (see {@link DatasetCache}; CIFAR-100 fine and coarse labels have separate
 * caches), stamped with the source files' paths, sizes and modification times, so that a load
 * with a valid cache only stats the source.
 */
public final class CifarBinaryLoader {

  private static final Logger log = LoggerFactory.getLogger(CifarBinaryLoader.class);

  private static final int IMAGE_SIZE = 32;

  private CifarBinaryLoader() {}

  /**
   * Loads CIFAR-10: 50,000 training and 10,000 test images of 32x32, 10 classes named by {@code
   * batches.meta.txt}.
   *
   * @param source {@code cifar-10-binary.tar.gz} (or a {@code .tar}/{@code .tgz} of the same
   *     files), the folder {@code cifar-10-batches-bin} that holds {@code data_batch_1.bin} ..
   *     {@code data_batch_5.bin}, {@code test_batch.bin} and {@code batches.meta.txt}, or its
   *     parent
   * @param cacheDir where the converted splits are cached; created if needed. If it cannot be
   *     created or written, or is null, a folder under {@code java.io.tmpdir}/kdas-cache is used
   * @return the data set; its identity names the archive or the folder that holds the files, and
   *     a hash of the files' names and sizes
   * @throws DataException naming the file (and record) for a missing file, a file that is not a
   *     whole number of records, a label without a class name, or an unexpected archive entry
   */
  public static Dataset loadCifar10(Path source, Path cacheDir) {
    return load(source, CifarFormat.CIFAR10, cacheDir);
  }

  /**
   * Loads CIFAR-100: 50,000 training and 10,000 test images of 32x32, labeled with the 100 fine
   * classes ({@code fine_label_names.txt}) or the 20 coarse superclasses ({@code
   * coarse_label_names.txt}).
   *
   * @param source {@code cifar-100-binary.tar.gz} (or a {@code .tar}/{@code .tgz} of the same
   *     files), the folder {@code cifar-100-binary} that holds {@code train.bin}, {@code test.bin}
   *     and the label name files, or its parent
   * @param coarseLabels whether to use the coarse labels instead of the fine ones
   * @param cacheDir where the converted splits are cached, as for {@link #loadCifar10}
   * @throws DataException as for {@link #loadCifar10}
   */
  public static Dataset loadCifar100(Path source, boolean coarseLabels, Path cacheDir) {
    return load(
        source, coarseLabels ? CifarFormat.CIFAR100_COARSE : CifarFormat.CIFAR100_FINE, cacheDir);
  }

  static Dataset load(Path source, CifarFormat format, Path cacheDir) {
    Path absolute = source.toAbsolutePath().normalize();
    Fingerprint fingerprint = new Fingerprint().add(format.id());
    Path folder = null;
    if (Files.isRegularFile(absolute)) {
      String name = absolute.getFileName().toString().toLowerCase(Locale.ROOT);
      if (!name.endsWith(".tar.gz") && !name.endsWith(".tgz") && !name.endsWith(".tar")) {
        throw new DataException(format.title() + " source " + absolute + " is a file but not a "
            + ".tar.gz, .tgz or .tar archive: expected the binary release archive or the "
            + format.folder() + " folder");
      }
      fingerprint.addFile(absolute);
    } else if (Files.isDirectory(absolute)) {
      folder = dataFolder(absolute, format);
      for (String file : format.requiredFiles()) {
        Path path = folder.resolve(file);
        if (!Files.isRegularFile(path)) {
          throw new DataException("missing " + path + ": expected " + format.expectedFiles()
              + " in " + folder);
        }
        fingerprint.addFile(path);
      }
    } else {
      throw new DataException(format.title() + " source " + absolute + " does not exist: "
          + "expected the binary release archive, or the " + format.folder() + " folder with "
          + format.expectedFiles() + " (or its parent)");
    }
    long stamp = fingerprint.value();
    DatasetCache cache =
        new DatasetCache(CacheFolder.resolve(cacheDir, absolute), format.cachePrefix(),
            IMAGE_SIZE);
    Dataset cached = cache.read(stamp);
    if (cached != null) {
      return cached;
    }
    long start = System.nanoTime();
    CifarFiles files =
        folder == null ? CifarArchiveReader.read(absolute, format) : readFolder(folder, format);
    int classes = files.classNames().size();
    List<CifarRecords.Part> train = new ArrayList<>();
    for (String file : format.trainFiles()) {
      train.add(files.parts().get(file));
    }
    List<CifarRecords.Part> test = new ArrayList<>();
    for (String file : format.testFiles()) {
      test.add(files.parts().get(file));
    }
    // A release's training batches are equal: a shorter one was cut at a record boundary.
    for (CifarRecords.Part part : train) {
      CifarRecords.Part first = train.get(0);
      if (part.labels().length < first.labels().length) {
        throw new DataException(String.format(Locale.ROOT, "%s: %,d records (%,d bytes), "
                + "expected %,d bytes like %s: the batch is cut short", part.where(),
            part.labels().length, (long) part.labels().length * format.recordBytes(),
            (long) first.labels().length * format.recordBytes(), first.where()));
      }
    }
    for (CifarRecords.Part part : train) {
      CifarRecords.checkLabels(part, classes, format);
    }
    for (CifarRecords.Part part : test) {
      CifarRecords.checkLabels(part, classes, format);
    }
    String identity = format.id() + "(" + (folder == null ? absolute : folder) + ")#"
        + HexFormat.of().formatHex(files.contentKey()).substring(0, 12);
    Dataset dataset = new Dataset(identity, files.classNames(), CifarRecords.join(train),
        CifarRecords.join(test));
    log.info("read {}: {} classes, {} train and {} test images in {} ms", identity, classes,
        dataset.train().size(), dataset.test().size(), (System.nanoTime() - start) / 1_000_000);
    cache.write(dataset, stamp);
    return dataset;
  }

  /**
   * The folder that holds the files: {@code source} itself if it holds any of them, else its
   * subfolder of the official name, else its only subfolder that holds any of them.
   */
  private static Path dataFolder(Path source, CifarFormat format) {
    if (holdsAny(source, format)) {
      return source;
    }
    Path official = source.resolve(format.folder());
    if (Files.isDirectory(official)) {
      return official;
    }
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(source, Files::isDirectory)) {
      for (Path entry : entries) {
        if (holdsAny(entry, format)) {
          candidates.add(entry);
        }
      }
    } catch (IOException e) {
      throw new DataException("cannot list folder " + source + ": " + e, e);
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw new DataException("no " + format.title() + " files in " + source + ": expected "
        + format.expectedFiles() + " in it or in " + official);
  }

  private static boolean holdsAny(Path folder, CifarFormat format) {
    for (String file : format.requiredFiles()) {
      if (Files.exists(folder.resolve(file))) {
        return true;
      }
    }
    return false;
  }

  private static CifarFiles readFolder(Path folder, CifarFormat format) {
    Map<String, CifarRecords.Part> parts = new HashMap<>();
    Map<String, Long> sizes = new HashMap<>();
    List<String> names = null;
    for (String file : format.requiredFiles()) {
      Path path = folder.resolve(file);
      try (InputStream in = Files.newInputStream(path)) {
        long size = Files.size(path);
        sizes.put(file, size);
        if (file.equals(format.namesFile())) {
          names = CifarFiles.names(in.readAllBytes(), path.toString());
        } else {
          parts.put(file, CifarRecords.read(in, size, path.toString(), format));
        }
      } catch (IOException e) {
        throw new DataException("cannot read " + path + ": " + e, e);
      }
    }
    return new CifarFiles(parts, names, CifarFiles.contentKey(format, sizes));
  }
}
