package io.kdas.runtime.data;

/** Small hand-made splits for the tests of this package. */
public final class TestImages {

  private TestImages() {}

  /**
   * A split whose every byte is a function of (example, position), so that a misplaced or
   * shifted pixel shows up as a wrong value; labels are {@code example % classes}.
   */
  public static ImageSplit indexed(int count, int height, int width, int classes) {
    int perImage = height * width * 3;
    byte[] pixels = new byte[count * perImage];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % classes;
      for (int j = 0; j < perImage; j++) {
        pixels[i * perImage + j] = (byte) (i * 31 + j * 7 + 1);
      }
    }
    return new ImageSplit(pixels, labels, height, width);
  }

  /** The byte of channel c at (y, x) of example i, as an int in [0, 255]. */
  public static int pixel(ImageSplit split, int i, int y, int x, int c) {
    return split.pixels()[((i * split.height() + y) * split.width() + x) * 3 + c] & 0xFF;
  }
}
