package io.kdas.runtime.data.pipeline;

import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.TestImages;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewAugmenterTest {

  private static final ImageSplit SPLIT = TestImages.indexed(20, 6, 5, 3);

  private static float[] render(ViewAugmenter augmenter, ImageSplit split, int example, int view) {
    float[] out = new float[split.pixelsPerImage()];
    augmenter.render(split, example, view, out, 0);
    return out;
  }

  /** The definition of a view, pixel by pixel: crop of the zero-padded image, then mirror. */
  private static float[] reference(ImageSplit split, int example, ViewAugmenter.Transform t) {
    int h = split.height();
    int w = split.width();
    float[] out = new float[split.pixelsPerImage()];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sx = (t.flip() ? w - 1 - x : x) + t.dx();
        int sy = y + t.dy();
        for (int c = 0; c < 3; c++) {
          boolean inside = sx >= 0 && sx < w && sy >= 0 && sy < h;
          out[(y * w + x) * 3 + c] =
              inside ? TestImages.pixel(split, example, sy, sx, c) / 255f : 0f;
        }
      }
    }
    return out;
  }

  @Test
  void isDeterministicForASeed() {
    ViewAugmenter a = new ViewAugmenter(11, 6, 2, true);
    ViewAugmenter b = new ViewAugmenter(11, 6, 2, true);
    ViewAugmenter other = new ViewAugmenter(12, 6, 2, true);
    boolean anyDifferent = false;
    for (int example = 0; example < SPLIT.size(); example++) {
      for (int view = 0; view < 6; view++) {
        assertEquals(a.transform(example, view), b.transform(example, view));
        assertArrayEquals(render(a, SPLIT, example, view), render(b, SPLIT, example, view));
        anyDifferent |= !a.transform(example, view).equals(other.transform(example, view));
      }
      for (int epoch = 0; epoch < 10; epoch++) {
        assertEquals(a.viewFor(example, epoch), b.viewFor(example, epoch));
      }
    }
    assertTrue(anyDifferent, "another seed should give other views");
  }

  @Test
  void isTheIdentityWithoutPaddingAndFlip() {
    ViewAugmenter augmenter = new ViewAugmenter(3, 4, 0, false);
    for (int example = 0; example < SPLIT.size(); example++) {
      float[] plain = new float[SPLIT.pixelsPerImage()];
      ViewAugmenter.renderPlain(SPLIT, example, plain, 0);
      for (int view = 0; view < 4; view++) {
        assertArrayEquals(plain, render(augmenter, SPLIT, example, view));
      }
      assertEquals(TestImages.pixel(SPLIT, example, 2, 3, 1) / 255f, plain[(2 * 5 + 3) * 3 + 1]);
    }
  }

  @Test
  void aFlipViewMirrorsTheImage() {
    ViewAugmenter augmenter = new ViewAugmenter(5, 16, 0, true);
    int flips = 0;
    for (int view = 0; view < 16; view++) {
      float[] out = render(augmenter, SPLIT, 7, view);
      boolean flip = augmenter.transform(7, view).flip();
      flips += flip ? 1 : 0;
      for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 5; x++) {
          int sx = flip ? 4 - x : x;
          for (int c = 0; c < 3; c++) {
            assertEquals(TestImages.pixel(SPLIT, 7, y, sx, c) / 255f, out[(y * 5 + x) * 3 + c]);
          }
        }
      }
    }
    assertTrue(flips > 0 && flips < 16, "16 views should include mirrored and plain ones");
  }

  @Test
  void aCropShiftsWithZeroFill() {
    // A 3x3 single-channel-like image: value at (y, x) is 10 * (3y + x + 1) in every channel.
    byte[] pixels = new byte[27];
    for (int p = 0; p < 9; p++) {
      for (int c = 0; c < 3; c++) {
        pixels[p * 3 + c] = (byte) (10 * (p + 1));
      }
    }
    ImageSplit tiny = new ImageSplit(pixels, new int[] {0}, 3, 3);
    ViewAugmenter augmenter = new ViewAugmenter(1, 64, 1, false);
    int view = findView(augmenter, 1, -1, false);
    // out(y, x) = in(y - 1, x + 1): the top row is padding, the right column is padding.
    int[] expected = {
      0, 0, 0,
      20, 30, 0,
      50, 60, 0
    };
    float[] out = render(augmenter, tiny, 0, view);
    for (int p = 0; p < 9; p++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(expected[p] / 255f, out[p * 3 + c], "pixel " + p);
      }
    }
  }

  private static int findView(ViewAugmenter augmenter, int dx, int dy, boolean flip) {
    for (int view = 0; view < augmenter.views(); view++) {
      if (augmenter.transform(0, view).equals(new ViewAugmenter.Transform(dx, dy, flip))) {
        return view;
      }
    }
    throw new AssertionError("no view with dx=" + dx + ", dy=" + dy + " among "
        + augmenter.views());
  }

  @Test
  void everyViewMatchesTheReferenceDefinitionAndOffsetsCoverThePaddingRange() {
    ViewAugmenter augmenter = new ViewAugmenter(99, 8, 3, true);
    Set<ViewAugmenter.Transform> seen = new HashSet<>();
    for (int example = 0; example < SPLIT.size(); example++) {
      for (int view = 0; view < 8; view++) {
        ViewAugmenter.Transform t = augmenter.transform(example, view);
        assertTrue(Math.abs(t.dx()) <= 3 && Math.abs(t.dy()) <= 3, t.toString());
        seen.add(t);
        assertArrayEquals(reference(SPLIT, example, t), render(augmenter, SPLIT, example, view),
            "example " + example + ", " + t);
      }
    }
    // 160 draws from 7 * 7 * 2 = 98 transforms: a fair generator reaches well over half.
    assertTrue(seen.size() > 60, "only " + seen.size() + " distinct transforms");
  }

  @Test
  void writesExactlyItsRangeAtTheOffset() {
    ViewAugmenter augmenter = new ViewAugmenter(2, 3, 2, true);
    int n = SPLIT.pixelsPerImage();
    float[] out = new float[n + 20];
    java.util.Arrays.fill(out, -1f);
    augmenter.render(SPLIT, 4, 1, out, 10);
    for (int i = 0; i < 10; i++) {
      assertEquals(-1f, out[i]);
      assertEquals(-1f, out[n + 10 + i]);
    }
    float[] alone = render(augmenter, SPLIT, 4, 1);
    assertArrayEquals(alone, java.util.Arrays.copyOfRange(out, 10, 10 + n));
  }

  @Test
  void viewForSpreadsEpochsOverAllViews() {
    ViewAugmenter augmenter = new ViewAugmenter(17, 4, 4, true);
    int[] counts = new int[4];
    for (int example = 0; example < 500; example++) {
      Set<Integer> views = new HashSet<>();
      for (int epoch = 0; epoch < 40; epoch++) {
        int view = augmenter.viewFor(example, epoch);
        assertTrue(view >= 0 && view < 4);
        views.add(view);
        counts[view]++;
      }
      assertEquals(4, views.size(), "example " + example + " misses a view in 40 epochs");
    }
    for (int count : counts) {
      assertEquals(5000, count, 300); // 20,000 draws over 4 views
    }
    assertEquals(0, new ViewAugmenter(17, 1, 4, true).viewFor(123, 456));
    boolean epochsDiffer = false;
    for (int example = 0; example < 10; example++) {
      epochsDiffer |= augmenter.viewFor(example, 0) != augmenter.viewFor(example, 1);
    }
    assertTrue(epochsDiffer);
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new ViewAugmenter(1, 0, 4, true));
    assertThrows(IllegalArgumentException.class, () -> new ViewAugmenter(1, 2, -1, true));
    ViewAugmenter augmenter = new ViewAugmenter(1, 2, 4, true);
    assertThrows(IllegalArgumentException.class, () -> augmenter.transform(0, 2));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> augmenter.render(SPLIT, SPLIT.size(), 0, new float[SPLIT.pixelsPerImage()], 0));
    assertFalse(augmenter.toString().isEmpty());
  }
}
