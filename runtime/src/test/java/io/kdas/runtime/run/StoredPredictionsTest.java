package io.kdas.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.kdas.proto.RunSpec;
import io.kdas.runtime.TestModels;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.spec.SpecDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored predictions' key follows the teachers' and the data's content. */
class StoredPredictionsTest {

  @TempDir Path dir;

  private final RunSpec spec = SpecDefaults.fill(RunSpec.getDefaultInstance());

  private Path teacher(String name, byte[] variables) throws Exception {
    Path t = dir.resolve("teachers/" + name);
    Files.createDirectories(t.resolve("variables"));
    Files.write(t.resolve("saved_model.pb"), new byte[] {1, 2, 3});
    Files.write(t.resolve("variables/variables.index"), new byte[] {4});
    Path data = t.resolve("variables/variables.data-00000-of-00001");
    Files.write(data, variables);
    // Same size and same times as before: only the content tells the change.
    FileTime time = FileTime.fromMillis(1_000_000_000_000L);
    for (Path f : List.of(t.resolve("saved_model.pb"), data)) {
      Files.setLastModifiedTime(f, time);
    }
    return t;
  }

  @Test
  void aTeacherRetrainedInPlaceGetsAnotherKey() throws Exception {
    Dataset data = TestModels.tinyData(1);
    Path t = teacher("teacher-1", new byte[] {10, 20, 30, 40});
    StoredPredictions before = StoredPredictions.of(List.of(t), data, spec, dir);
    assertEquals(before, StoredPredictions.of(List.of(t), data, spec, dir), "deterministic");
    teacher("teacher-1", new byte[] {10, 20, 30, 41});
    StoredPredictions after = StoredPredictions.of(List.of(t), data, spec, dir);
    assertNotEquals(before.key(), after.key());
    assertNotEquals(before.folder(), after.folder());
  }

  @Test
  void changedImagesOfTheSameIdentityGetAnotherKey() throws Exception {
    Dataset data = TestModels.tinyData(1);
    Path t = teacher("teacher-1", new byte[] {1});
    ImageSplit train = data.train();
    byte[] pixels = train.pixels().clone();
    pixels[17] ^= 1;
    Dataset changed = new Dataset(data.identity(), data.classNames(),
        new ImageSplit(pixels, train.labels(), train.height(), train.width()), data.test());
    assertNotEquals(StoredPredictions.of(List.of(t), data, spec, dir).key(),
        StoredPredictions.of(List.of(t), changed, spec, dir).key());
  }
}
