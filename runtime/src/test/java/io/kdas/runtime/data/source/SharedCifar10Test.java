package io.kdas.runtime.data.source;

import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loads a slice of the real CIFAR-10 JPEG archive from the shared data folder, when it exists
 * (it does on the project's machines, not elsewhere: the test is skipped there).
 */
class SharedCifar10Test {

  private static final List<String> CLASSES = List.of("airplane", "cat");
  private static final int PER_CLASS = 10; // files 0000.jpg .. 0009.jpg

  @TempDir Path temp;

  @Test
  void loadsASliceOfTheRealArchive() throws IOException, InterruptedException {
    Path archive =
        Path.of(System.getProperty("kdas.sharedDatasets", "../../shared/datasets"))
            .resolve("cifar10-jpeg.tar.gz");
    assumeTrue(Files.isRegularFile(archive), "no shared CIFAR-10 archive at " + archive);
    Path root = temp.resolve("cifar10");
    Files.createDirectories(root);
    List<String> command = new java.util.ArrayList<>(List.of(
        "tar", "-xzf", archive.toAbsolutePath().toString(), "-C", root.toString(), "--wildcards"));
    for (String split : List.of("train", "test")) {
      for (String name : CLASSES) {
        command.add(split + "/" + name + "/000*");
      }
    }
    Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(tar.getInputStream().readAllBytes());
    assertTrue(tar.waitFor(60, TimeUnit.SECONDS), "tar did not finish");
    assertEquals(0, tar.exitValue(), "tar failed: " + output);

    Dataset dataset = ImageFolderLoader.load(root, "train", "test", 32, temp.resolve("cache"));

    assertEquals(CLASSES, dataset.classNames());
    for (ImageSplit split : List.of(dataset.train(), dataset.test())) {
      assertEquals(2 * PER_CLASS, split.size());
      assertEquals(32, split.height());
      assertEquals(32, split.width());
      for (int i = 0; i < split.size(); i++) {
        assertEquals(i / PER_CLASS, split.labels()[i]);
      }
    }
    ChannelStats stats = ChannelStats.of(dataset.train());
    for (int c = 0; c < 3; c++) {
      // Natural photos: mid-range means and a healthy spread, unlike a black or noise image.
      assertTrue(stats.mean()[c] > 0.2f && stats.mean()[c] < 0.8f, "mean " + stats.mean()[c]);
      assertTrue(stats.std()[c] > 0.1f && stats.std()[c] < 0.4f, "std " + stats.std()[c]);
    }
  }
}
