package io.kdas.runtime.data;

import java.util.Objects;

/**
 * The images and labels of one split (train or test), held as one flat uint8 array.
 *
 * <p>Pixels are RGB bytes (read them with {@code & 0xFF}), example-major in HWC order: the value of
 * channel {@code c} at row {@code y}, column {@code x} of example {@code i} is at {@code ((i *
 * height + y) * width + x) * 3 + c}. One flat byte array (instead of an object per image) keeps
 * 50,000 CIFAR images at 150 MB with no per-object overhead, lets the cache be read with one
 * channel read, and is the layout TensorFlow's NHWC tensors expect.
 *
 * <p>The arrays are shared, not copied: treat them as read-only.
 *
 * @param pixels uint8 RGB pixels, {@code size() * pixelsPerImage()} bytes
 * @param labels the class index of each example
 * @param height image height in pixels
 * @param width image width in pixels
 */
public record ImageSplit(byte[] pixels, int[] labels, int height, int width) {

  /** Color channels per pixel: always RGB. */
  public static final int CHANNELS = 3;

  /** Checks that the pixel array holds exactly one image per label. */
  public ImageSplit {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(labels, "labels");
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + height + "x" + width);
    }
    long expected = (long) labels.length * height * width * CHANNELS;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "expected " + expected + " pixel bytes for " + labels.length + " images of " + height
              + "x" + width + "x" + CHANNELS + ", got " + pixels.length);
    }
  }

  /** The number of examples. */
  public int size() {
    return labels.length;
  }

  /** Bytes (and floats, once rendered) per image: height * width * 3. */
  public int pixelsPerImage() {
    return height * width * CHANNELS;
  }

  @Override
  public String toString() {
    return "ImageSplit[size=" + size() + ", height=" + height + ", width=" + width + "]";
  }
}
