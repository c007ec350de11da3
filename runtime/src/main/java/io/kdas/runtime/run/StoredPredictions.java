package io.kdas.runtime.run;

import io.kdas.proto.RunSpec;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.cache.Fingerprint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a run keeps its teachers' predictions for later runs: beside the teachers' SavedModels,
 * in a file named by a key over what the predictions depend on: the teachers' content (a digest
 * of each SavedModel's graph and variable files, so a retrained teacher in the same folder never
 * reuses old predictions), the training images and labels (a digest of their decoded bytes, not
 * only file names and sizes), and the views (seed, count, crop, flip). Any change to these gives
 * another file.
 *
 * @param file the predictions file
 * @param key the full key, stored in the file and compared on load
 */
record StoredPredictions(Path file, String key) {

  /** The location for these teachers and data, or null when the teachers have no common folder. */
  static StoredPredictions of(List<Path> teachers, Dataset data, RunSpec spec) {
    Path folder = teachers.get(0).toAbsolutePath().normalize().getParent();
    if (folder == null || !teachers.stream().allMatch(
        t -> folder.equals(t.toAbsolutePath().normalize().getParent()))) {
      return null;
    }
    StringBuilder key = new StringBuilder();
    for (Path t : teachers) {
      try {
        key.append("teacher=").append(teacherDigest(t)).append(';');
      } catch (IOException e) {
        return null;
      }
    }
    var aug = spec.getData().getAugmentation();
    key.append("data=").append(data.identity()).append(";content=")
        .append(contentDigest(data)).append(";train=").append(data.train().size())
        .append(";views=").append(spec.getData().getTeacherViews()).append(";seed=")
        .append(spec.getSeed()).append(";crop=").append(aug.getCropPadding()).append(";flip=")
        .append(aug.getHorizontalFlip());
    return new StoredPredictions(folder.resolve("predictions-"
        + Fingerprint.shortHash(key.toString(), 16) + ".bin"),
        key.toString());
  }

  /** SHA-256 of a SavedModel's graph and every file under its variables folder, in name order. */
  static String teacherDigest(Path savedModel) throws IOException {
    MessageDigest sha = Fingerprint.sha256();
    Path root = savedModel.toAbsolutePath().normalize();
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("saved_model.pb"));
    Path variables = root.resolve("variables");
    if (Files.isDirectory(variables)) {
      try (Stream<Path> list = Files.list(variables)) {
        list.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    for (Path f : files) {
      sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      sha.update(Files.readAllBytes(f));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** SHA-256 of the training split's decoded pixels and labels. */
  static String contentDigest(Dataset data) {
    MessageDigest sha = Fingerprint.sha256();
    sha.update(data.train().pixels());
    ByteBuffer labels = ByteBuffer.allocate(4 * data.train().size());
    labels.asIntBuffer().put(data.train().labels());
    sha.update(labels);
    return HexFormat.of().formatHex(sha.digest());
  }
}
