package io.kdas.runtime.data.pipeline;

import io.kdas.runtime.data.ImageSplit;
import java.util.Arrays;

/**
 * Training augmentation (random crop of the zero-padded image, optional horizontal flip) drawn
 * from a fixed pool of views per example.
 *
 * <p>Why a fixed pool: a teacher's prediction depends on the exact pixels it sees. Distillation
 * runs compute each teacher's prediction once per (example, view) and reuse it in every trial and
 * epoch, instead of re-running K teachers in every training step. That is only correct if an
 * example is never shown in any view other than its {@code views} deterministic views, so the
 * augmentation parameters are a pure function of (seed, example, view), and each epoch picks one
 * of those views by {@link #viewFor}. With many views this approaches ordinary random
 * augmentation; with one view every epoch sees the same (possibly cropped) image.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ViewAugmenter {

  /** pixel / 255 for every byte value, so that rendering is a table look-up per value. */
  private static final float[] UNIT_SCALE = unitScale();

  private static final long VIEW_SALT = 0x5EED_0F_F1EL;
  private static final long TRANSFORM_SALT = 0x7A_A5F0_12L;

  private final long seed;
  private final long orderSeed;
  private final int views;
  private final int cropPadding;
  private final boolean horizontalFlip;

  /**
   * The geometric transform of one view: {@code out(y, x) = in(y + dy, sx + dx)} where {@code sx
   * = flip ? width - 1 - x : x}, and 0 where that falls outside the image (the crop of the image
   * zero-padded by {@code cropPadding} pixels on each side, followed by the mirror).
   *
   * @param dx horizontal crop offset in [-cropPadding, cropPadding]
   * @param dy vertical crop offset in [-cropPadding, cropPadding]
   * @param flip whether the crop is mirrored left to right
   */
  public record Transform(int dx, int dy, boolean flip) {}

  /**
   * Creates an augmenter.
   *
   * @param seed the seed that, with the example and view index, fixes every view
   * @param views the number of distinct views per example, at least 1
   * @param cropPadding the padding (and maximal shift) of the random crop, at least 0
   * @param horizontalFlip whether views are mirrored with probability 1/2
   */
  public ViewAugmenter(long seed, int views, int cropPadding, boolean horizontalFlip) {
    this(seed, seed, views, cropPadding, horizontalFlip);
  }

  private ViewAugmenter(long seed, long orderSeed, int views, int cropPadding,
      boolean horizontalFlip) {
    if (views < 1) {
      throw new IllegalArgumentException("views must be at least 1, got " + views);
    }
    if (cropPadding < 0) {
      throw new IllegalArgumentException("crop padding must be at least 0, got " + cropPadding);
    }
    this.seed = seed;
    this.orderSeed = orderSeed;
    this.views = views;
    this.cropPadding = cropPadding;
    this.horizontalFlip = horizontalFlip;
  }

  /**
   * The same views (so the same stored teacher predictions), visited by epochs in an order of
   * their own: how each student seed draws its own view sequence from a shared pool.
   */
  public ViewAugmenter withOrderSeed(long order) {
    return new ViewAugmenter(seed, order, views, cropPadding, horizontalFlip);
  }

  /** The number of views per example. */
  public int views() {
    return views;
  }

  /**
   * The view of {@code example} that epoch {@code epoch} shows: a hash of (order seed, example, epoch)
   * modulo the number of views, so that epochs visit the views of each example in an unrelated,
   * reproducible order.
   */
  public int viewFor(int example, int epoch) {
    if (views == 1) {
      return 0;
    }
    return Hashing.below(Hashing.combine(orderSeed, VIEW_SALT, example, epoch), views);
  }

  /** The transform of the given view of the given example: a pure function of (seed, both). */
  public Transform transform(int example, int view) {
    if (view < 0 || view >= views) {
      throw new IllegalArgumentException("view " + view + " is not in [0, " + views + ")");
    }
    long bits = Hashing.combine(seed, TRANSFORM_SALT, example, view);
    int span = 2 * cropPadding + 1;
    int dx = Hashing.below(bits, span) - cropPadding;
    long next = Hashing.mix64(bits);
    int dy = Hashing.below(next, span) - cropPadding;
    boolean flip = horizontalFlip && (Hashing.mix64(next) & 1L) != 0;
    return new Transform(dx, dy, flip);
  }

  /**
   * Writes the given view of an example as floats in [0, 1], HWC, into {@code out[offset ..
   * offset + pixelsPerImage)}.
   */
  public void render(ImageSplit split, int example, int view, float[] out, int offset) {
    checkExample(split, example);
    Transform t = transform(example, view);
    int h = split.height();
    int w = split.width();
    byte[] pixels = split.pixels();
    int source = example * split.pixelsPerImage();
    int rowFloats = w * 3;
    // Columns x whose source column sx + dx lies inside the image, as a range [x0, x1).
    int x0;
    int x1;
    if (t.flip()) {
      // sx = w - 1 - x, so the source column is w - 1 - x + dx, in [0, w) iff dx <= x <= w-1+dx.
      x0 = Math.max(0, t.dx());
      x1 = Math.min(w, w + t.dx());
    } else {
      x0 = Math.max(0, -t.dx());
      x1 = Math.min(w, w - t.dx());
    }
    for (int y = 0; y < h; y++) {
      int rowOut = offset + y * rowFloats;
      int sy = y + t.dy();
      if (sy < 0 || sy >= h || x0 >= x1) {
        Arrays.fill(out, rowOut, rowOut + rowFloats, 0f);
        continue;
      }
      Arrays.fill(out, rowOut, rowOut + x0 * 3, 0f);
      Arrays.fill(out, rowOut + x1 * 3, rowOut + rowFloats, 0f);
      int rowIn = source + sy * rowFloats;
      if (t.flip()) {
        int o = rowOut + x0 * 3;
        int i = rowIn + (w - 1 - x0 + t.dx()) * 3;
        for (int x = x0; x < x1; x++, o += 3, i -= 3) {
          out[o] = UNIT_SCALE[pixels[i] & 0xFF];
          out[o + 1] = UNIT_SCALE[pixels[i + 1] & 0xFF];
          out[o + 2] = UNIT_SCALE[pixels[i + 2] & 0xFF];
        }
      } else {
        int o = rowOut + x0 * 3;
        int i = rowIn + (x0 + t.dx()) * 3;
        int end = o + (x1 - x0) * 3;
        for (; o < end; o++, i++) {
          out[o] = UNIT_SCALE[pixels[i] & 0xFF];
        }
      }
    }
  }

  /** Writes an example without augmentation (for evaluation) as floats in [0, 1], HWC. */
  public static void renderPlain(ImageSplit split, int example, float[] out, int offset) {
    checkExample(split, example);
    int n = split.pixelsPerImage();
    byte[] pixels = split.pixels();
    int source = example * n;
    for (int j = 0; j < n; j++) {
      out[offset + j] = UNIT_SCALE[pixels[source + j] & 0xFF];
    }
  }

  private static void checkExample(ImageSplit split, int example) {
    if (example < 0 || example >= split.size()) {
      throw new IndexOutOfBoundsException(
          "example " + example + " is not in [0, " + split.size() + ")");
    }
  }

  private static float[] unitScale() {
    float[] table = new float[256];
    for (int v = 0; v < 256; v++) {
      table[v] = v / 255f;
    }
    return table;
  }

  @Override
  public String toString() {
    return "ViewAugmenter[seed=" + seed + ", views=" + views + ", cropPadding=" + cropPadding
        + ", horizontalFlip=" + horizontalFlip + "]";
  }
}
