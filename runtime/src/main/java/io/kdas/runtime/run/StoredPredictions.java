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
 * Where a run keeps its teachers' predictions (one file per shard of examples), for a resumed
 * run and later runs: beside the teachers' SavedModels, in a folder named by a key over what the
 * predictions depend on: the teachers' content (a digest
 * of each SavedModel's graph and variable files, so a retrained teacher in the same folder never
 * reuses old predictions), the training images and labels (a digest of their decoded bytes, not
 * only file names and sizes), and the views (seed, count, crop, flip). Any change to these gives
 * another file.
 *
 * @param folder the folder of the shard files
 * @param key the full key, stored in each file and compared on load
 */
record StoredPredictions(Path folder, String key) {

  /**
   * The location for these teachers and data: beside the teachers, or in {@code elsewhere} when
   * they have no common folder.
   */
  static StoredPredictions of(List<Path> teachers, Dataset data, RunSpec spec, Path elsewhere) {
    Path parent = teachers.get(0).toAbsolutePath().normalize().getParent();
    boolean together = parent != null && teachers.stream().allMatch(
        t -> parent.equals(t.toAbsolutePath().normalize().getParent()));
    StringBuilder key = new StringBuilder();
    for (Path t : teachers) {
      try {
        key.append("teacher=").append(teacherDigest(t)).append(';');
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read teacher " + t, e);
      }
    }
    var aug = spec.getData().getAugmentation();
    key.append("data=").append(data.identity()).append(";content=")
        .append(contentDigest(data)).append(";train=").append(data.train().size())
        .append(";views=").append(spec.getData().getTeacherViews()).append(";seed=")
        .append(spec.getSeed()).append(";crop=").append(aug.getCropPadding()).append(";flip=")
        .append(aug.getHorizontalFlip());
    return new StoredPredictions((together ? parent : elsewhere).resolve("predictions-"
        + Fingerprint.shortHash(key.toString(), 16)), key.toString());
  }

  /** The file of shard {@code k} of {@code shards}. */
  Path shard(int k, int shards) {
    return folder.resolve("shard-" + (k + 1) + "-of-" + shards + ".bin");
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
