package io.kdas.runtime.run;

import io.kdas.proto.RunSpec;
import io.kdas.runtime.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a run keeps its teachers' predictions for later runs: beside the teachers' SavedModels,
 * in a file named by a key over the teachers (paths, sizes, times), the data identity and size,
 * and the views (seed, count, crop, flip). Any change to these gives another file.
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
      Path model = t.toAbsolutePath().normalize().resolve("saved_model.pb");
      try {
        key.append(model).append(':').append(Files.size(model)).append(':')
            .append(Files.getLastModifiedTime(model).toMillis()).append(';');
      } catch (IOException e) {
        return null;
      }
    }
    var aug = spec.getData().getAugmentation();
    key.append("data=").append(data.identity()).append(";train=").append(data.train().size())
        .append(";views=").append(spec.getData().getTeacherViews()).append(";seed=")
        .append(spec.getSeed()).append(";crop=").append(aug.getCropPadding()).append(";flip=")
        .append(aug.getHorizontalFlip());
    return new StoredPredictions(folder.resolve("predictions-" + digest(key) + ".bin"),
        key.toString());
  }

  private static String digest(CharSequence text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
