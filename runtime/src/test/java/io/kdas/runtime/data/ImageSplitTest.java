package io.kdas.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSplitTest {

  @Test
  void sizesFollowFromTheArrays() {
    ImageSplit split = new ImageSplit(new byte[2 * 4 * 5 * 3], new int[2], 4, 5);
    assertEquals(2, split.size());
    assertEquals(60, split.pixelsPerImage());
  }

  @Test
  void rejectsPixelsThatDoNotMatchTheLabels() {
    assertThrows(
        IllegalArgumentException.class, () -> new ImageSplit(new byte[59], new int[1], 4, 5));
    assertThrows(
        IllegalArgumentException.class, () -> new ImageSplit(new byte[0], new int[0], 0, 5));
  }

  @Test
  void datasetChecksLabelsAndImageSizes() {
    ImageSplit train = new ImageSplit(new byte[12], new int[] {1}, 2, 2);
    ImageSplit test = new ImageSplit(new byte[12], new int[] {0}, 2, 2);
    Dataset dataset = new Dataset("tiny", List.of("a", "b"), train, test);
    assertEquals(2, dataset.classes());
    assertThrows(
        IllegalArgumentException.class, () -> new Dataset("tiny", List.of("a"), train, test));
    ImageSplit other = new ImageSplit(new byte[3], new int[] {0}, 1, 1);
    assertThrows(
        IllegalArgumentException.class, () -> new Dataset("tiny", List.of("a", "b"), train, other));
  }
}
