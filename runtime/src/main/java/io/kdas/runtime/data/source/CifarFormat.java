package io.kdas.runtime.data.source;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout of one of the binary CIFAR releases, as {@link CifarBinaryLoader} reads it: which
 * files hold which split, which file holds the class names, and where a record's label is.
 *
 * <p>Every record is {@code labelBytes} label bytes followed by 3,072 pixel bytes: 1,024 red, then
 * 1,024 green, then 1,024 blue, each plane row-major 32x32.
 *
 * @param id the name used in identities ({@code cifar-10}, {@code cifar-100-fine})
 * @param title the data set's name in messages
 * @param cachePrefix the prefix of the cache files, different for every id
 * @param folder the folder the official archive unpacks to
 * @param trainFiles the files of the training split, in example order
 * @param testFiles the files of the test split, in example order
 * @param namesFile the file with one class name per line, in label order
 * @param otherFiles files of the release that this format does not use
 * @param labelBytes the number of label bytes that start a record
 * @param labelIndex which of them is the label used
 * @param labelKind what that label is called in messages ("label", "fine label")
 * @param classes the number of classes of that label
 */
record CifarFormat(
    String id, String title, String cachePrefix, String folder, List<String> trainFiles,
    List<String> testFiles, String namesFile, List<String> otherFiles, int labelBytes,
    int labelIndex, String labelKind, int classes) {

  /** Pixel bytes per record: three 32x32 planes. */
  static final int PIXELS = 3 * 32 * 32;

  /** CIFAR-10 ({@code cifar-10-binary.tar.gz}): 5 training batches, one test batch. */
  static final CifarFormat CIFAR10 = new CifarFormat(
      "cifar-10", "CIFAR-10", "cifar10-", "cifar-10-batches-bin",
      List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
          "data_batch_5.bin"),
      List.of("test_batch.bin"), "batches.meta.txt", List.of(), 1, 0, "label", 10);

  /** CIFAR-100 ({@code cifar-100-binary.tar.gz}) with its 100 fine labels. */
  static final CifarFormat CIFAR100_FINE = new CifarFormat(
      "cifar-100-fine", "CIFAR-100", "cifar100-fine-", "cifar-100-binary", List.of("train.bin"),
      List.of("test.bin"), "fine_label_names.txt", List.of("coarse_label_names.txt"), 2, 1,
      "fine label", 100);

  /** CIFAR-100 with its 20 coarse labels (superclasses). */
  static final CifarFormat CIFAR100_COARSE = new CifarFormat(
      "cifar-100-coarse", "CIFAR-100", "cifar100-coarse-", "cifar-100-binary",
      List.of("train.bin"), List.of("test.bin"), "coarse_label_names.txt",
      List.of("fine_label_names.txt"), 2, 0, "coarse label", 20);

  /** Bytes per record. */
  int recordBytes() {
    return labelBytes + PIXELS;
  }

  /** The files a load needs: train files, test files, names file. */
  List<String> requiredFiles() {
    List<String> files = new ArrayList<>(trainFiles);
    files.addAll(testFiles);
    files.add(namesFile);
    return files;
  }

  /** The needed files as a list for messages: "a, b and c". */
  String expectedFiles() {
    List<String> files = requiredFiles();
    return String.join(", ", files.subList(0, files.size() - 1)) + " and "
        + files.get(files.size() - 1);
  }
}
