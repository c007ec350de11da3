package io.kdas.runtime.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kdas.runtime.TestModels;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ImageSplit;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HoldOutTest {

  private final Dataset data = TestModels.tinyData(4);

  @Test
  void stratifiedDisjointAndComplete() {
    HoldOut h = HoldOut.of(data.train(), 40, 4, 9);
    assertEquals(40, h.validation().length);
    assertEquals(data.train().size() - 40, h.train().length);
    int[] all = IntStream.concat(Arrays.stream(h.train()), Arrays.stream(h.validation()))
        .sorted().toArray();
    assertArrayEquals(IntStream.range(0, data.train().size()).toArray(), all);
    int[] perClass = new int[4];
    for (int i : h.validation()) {
      perClass[data.train().labels()[i]]++;
    }
    assertArrayEquals(new int[] {10, 10, 10, 10}, perClass);
  }

  @Test
  void fixedBySeed() {
    assertArrayEquals(HoldOut.of(data.train(), 40, 4, 9).validation(),
        HoldOut.of(data.train(), 40, 4, 9).validation());
    assertTrue(!Arrays.equals(HoldOut.of(data.train(), 40, 4, 9).validation(),
        HoldOut.of(data.train(), 40, 4, 10).validation()));
  }

  @Test
  void validationSplitCopiesTheHeldOutImages() {
    HoldOut h = HoldOut.of(data.train(), 8, 4, 1);
    ImageSplit v = h.validationSplit(data.train());
    int pixels = data.train().pixelsPerImage();
    for (int k = 0; k < 8; k++) {
      assertEquals(data.train().labels()[h.validation()[k]], v.labels()[k]);
      assertArrayEquals(
          Arrays.copyOfRange(data.train().pixels(), h.validation()[k] * pixels,
              (h.validation()[k] + 1) * pixels),
          Arrays.copyOfRange(v.pixels(), k * pixels, (k + 1) * pixels));
    }
  }

  @Test
  void refusesImpossibleSizes() {
    assertThrows(IllegalArgumentException.class, () -> HoldOut.of(data.train(), 0, 4, 1));
    assertThrows(IllegalArgumentException.class,
        () -> HoldOut.of(data.train(), data.train().size(), 4, 1));
  }
}
