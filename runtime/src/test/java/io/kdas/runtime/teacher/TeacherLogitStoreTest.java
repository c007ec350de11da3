package io.kdas.runtime.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.runtime.TestModels;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.Batch;
import io.kdas.runtime.data.pipeline.BatchStream;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.export.SavedModelExporter;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.train.TrainingGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherLogitStoreTest {

  @TempDir Path dir;

  @Test
  void computesEachViewOnceAndServesWhatTheTeachersSay() throws Exception {
    Dataset data = TestModels.tinyData(2);
    ModelDefinition model = TestModels.tinyResNet(data);
    List<SavedModelTeacher> teachers = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      try (TrainingGraph g = new TrainingGraph(model, TestModels.loss("cross-entropy", Map.of()),
          TestModels.training(1, 32), 0, 100 + k, TestModels.SINGLE_THREAD)) {
        g.saveCheckpoint(dir.resolve("ckpt" + k + "/variables"));
      }
      SavedModelExporter.export(model, dir.resolve("ckpt" + k + "/variables"),
          dir.resolve("teacher" + k), "image");
      teachers.add(new SavedModelTeacher("t" + k, dir.resolve("teacher" + k),
          TestModels.SINGLE_THREAD));
    }
    int views = 3;
    ViewAugmenter augmenter = new ViewAugmenter(9, views, 2, true);
    try (TeacherEnsemble ensemble = new TeacherEnsemble(teachers)) {
      TeacherLogitStore store = new TeacherLogitStore(ensemble, data.train(), augmenter, dir);
      int n = data.train().size();
      store.prepareEpoch(0);
      assertEquals(n, store.computedViews());
      store.prepareEpoch(0);
      assertEquals(n, store.computedViews(), "a prepared epoch costs nothing again");
      java.util.Set<Long> shown = new java.util.HashSet<>();
      for (int e = 0; e < 12; e++) {
        store.prepareEpoch(e);
        for (int i = 0; i < n; i++) {
          shown.add((long) i * views + augmenter.viewFor(i, e));
        }
      }
      assertEquals(shown.size(), store.computedViews(), "one teacher pass per distinct view");

      // Saved and loaded under the same key, another store starts warm; another key is ignored.
      Path file = dir.resolve("predictions.bin");
      store.save(file, "key-1", 0, n);
      TeacherLogitStore reloaded = new TeacherLogitStore(ensemble, data.train(), augmenter, dir);
      assertEquals(0, reloaded.load(file, "key-2", 0, n));
      assertEquals(shown.size(), reloaded.load(file, "key-1", 0, n));
      for (int e = 0; e < 12; e++) {
        reloaded.prepareEpoch(e);
      }
      assertEquals(0, reloaded.computedViews(), "nothing recomputed after loading");
      try (BatchStream batches = new BatchStream(data.train(), augmenter, 32, 3, 1)) {
        Batch batch = batches.next();
        float[] a = new float[32 * 2 * data.classes()];
        float[] b = new float[32 * 2 * data.classes()];
        store.logits(batch, a);
        reloaded.logits(batch, b);
        assertArrayEquals(a, b);
      }

      int stride = 2 * data.classes();
      float[] stored = new float[32 * stride];
      float[] image = new float[data.train().pixelsPerImage()];
      float[] direct = new float[stride];
      float[] scratch = new float[data.classes()];
      try (BatchStream batches = new BatchStream(data.train(), augmenter, 32, 5, 1)) {
        Batch batch = batches.next();
        store.logits(batch, stored);
        for (int j = 0; j < batch.size(); j++) {
          augmenter.render(data.train(), batch.examples()[j], batch.views()[j], image, 0);
          ensemble.logits(image, 1, 8, 8, direct, scratch);
          float[] got = java.util.Arrays.copyOfRange(stored, j * stride, (j + 1) * stride);
          assertArrayEquals(direct, got, 1e-6f, "example " + batch.examples()[j]);
        }
      }

      // A store mapped from a file in chunks of 5 (example, view) records serves the same
      // predictions from the same file; a flipped byte or a cut file is never used.
      try (TeacherLogitStore chunked = new TeacherLogitStore(ensemble, data.train(), augmenter,
          dir.resolve("scratch"), 5 * stride, 0)) {
        assertTrue(chunked.mapped());
        assertEquals(shown.size(), chunked.load(file, "key-1", 0, n));
        try (BatchStream batches = new BatchStream(data.train(), augmenter, 32, 3, 1)) {
          Batch batch = batches.next();
          float[] a = new float[32 * stride];
          float[] b = new float[32 * stride];
          store.logits(batch, a);
          chunked.logits(batch, b);
          assertArrayEquals(a, b);
        }
        Path copy = dir.resolve("chunked.bin");
        chunked.save(copy, "key-1", 0, n);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(copy),
            "the layout does not depend on the chunks");
      }
      byte[] bytes = Files.readAllBytes(file);
      byte[] flipped = bytes.clone();
      flipped[bytes.length / 2] ^= 0x10;
      Files.write(dir.resolve("flipped.bin"), flipped);
      Files.write(dir.resolve("cut.bin"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
      try (TeacherLogitStore fresh = new TeacherLogitStore(ensemble, data.train(), augmenter,
          dir)) {
        assertEquals(0, fresh.load(dir.resolve("flipped.bin"), "key-1", 0, n), "checksum mismatch");
        assertEquals(0, fresh.load(dir.resolve("cut.bin"), "key-1", 0, n), "truncated");
        fresh.prepareEpoch(0);
        assertEquals(n, fresh.computedViews(), "a corrupt file's predictions are recomputed");
      }

      // Shards: every view of a range of examples, computed and saved on their own; a store
      // filled from the shard files serves what the lazily filled store serves, and a file of
      // another range is not taken for this one.
      int half = n / 2;
      try (TeacherLogitStore whole = new TeacherLogitStore(ensemble, data.train(), augmenter,
              dir);
          TeacherLogitStore loaded = new TeacherLogitStore(ensemble, data.train(), augmenter,
              dir)) {
        whole.computeExamples(0, half, "shard 1");
        assertEquals((long) half * views, whole.computedViews());
        assertEquals(half * views, whole.storedViews(0, half));
        assertEquals(0, whole.storedViews(half, n));
        whole.computeExamples(half, n, "shard 2");
        whole.computeExamples(0, n, "again");
        assertEquals((long) n * views, whole.computedViews(), "each view computed once");
        whole.save(dir.resolve("shard-1.bin"), "key-1", 0, half);
        whole.save(dir.resolve("shard-2.bin"), "key-1", half, n);
        assertEquals(0, loaded.load(dir.resolve("shard-1.bin"), "key-1", half, n),
            "another range");
        assertEquals(half * views, loaded.load(dir.resolve("shard-1.bin"), "key-1", 0, half));
        assertEquals((n - half) * views, loaded.load(dir.resolve("shard-2.bin"), "key-1", half,
            n));
        for (int e = 0; e < 12; e++) {
          loaded.prepareEpoch(e);
        }
        assertEquals(0, loaded.computedViews(), "every view was in the shards");
        try (BatchStream batches = new BatchStream(data.train(), augmenter, 32, 7, 1)) {
          Batch batch = batches.next();
          float[] a = new float[32 * stride];
          float[] b = new float[32 * stride];
          store.prepareEpoch(7);
          store.logits(batch, a);
          loaded.logits(batch, b);
          // Computed in batches of other examples: equal up to float reduction order.
          assertArrayEquals(a, b, 1e-6f);
        }
      }

      // Another student seed visits the same stored views in an order of its own, served by
      // the store once every view is in it.
      ViewAugmenter order = augmenter.withOrderSeed(77);
      store.computeExamples(0, n, "every view");
      int differs = 0;
      for (int i = 0; i < n; i++) {
        differs += order.viewFor(i, 0) != augmenter.viewFor(i, 0) ? 1 : 0;
        assertEquals(augmenter.transform(i, 1), order.transform(i, 1), "same views");
      }
      assertTrue(differs > n / 3, "the order seed changes which view an epoch shows: " + differs);
      try (BatchStream batches = new BatchStream(data.train(), order, 32, 20, 1)) {
        Batch batch = batches.next();
        store.logits(batch, stored);
        for (int j = 0; j < batch.size(); j++) {
          assertEquals(order.viewFor(batch.examples()[j], 20), batch.views()[j]);
          augmenter.render(data.train(), batch.examples()[j], batch.views()[j], image, 0);
          ensemble.logits(image, 1, 8, 8, direct, scratch);
          assertArrayEquals(direct, java.util.Arrays.copyOfRange(stored, j * stride,
              (j + 1) * stride), 1e-6f);
        }
      }

      // Fresh views: the stream runs the teachers on exactly the images it rendered.
      FreshViewTeachers fresh = new FreshViewTeachers(ensemble, 8, 8);
      ViewAugmenter random = new ViewAugmenter(5, 1 << 30, 2, true);
      try (BatchStream batches = new BatchStream(data.train(), null, random, 32, 0, 1,
          fresh.onTheFly())) {
        Batch batch = batches.next();
        float[] expected = new float[32 * stride];
        float[] chunkScratch = new float[32 * data.classes()];
        ensemble.logits(batch.images(), 32, 8, 8, expected, chunkScratch);
        assertArrayEquals(expected, batch.targets(), 1e-6f);
      }
    }
  }
}
