package io.kdas.runtime.data.source;

import io.kdas.runtime.data.CorruptImageException;
import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.ImageRules;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG and PNG images (files, or archive entries held in memory) into square uint8 RGB
 * pixels of a given size.
 *
 * <p>The format is recognized by its signature bytes and only ImageIO's JPEG and PNG readers are
 * used, on purpose: probing every installed reader costs time per image, and some readers (WBMP)
 * claim almost any byte sequence, which would turn a corrupt file into a garbage image instead of
 * an error. Each instance keeps one reader per format and reuses it for every image, because
 * creating a JPEG reader (with its native decoder state) costs more than decoding a 32x32 image.
 * An instance is therefore for one thread at a time; decoding threads each own one.
 *
 * <p>Gray images are replicated into R = G = B from their raw samples (what PIL's {@code
 * convert("RGB")} does); going through Java's linear-gray color space would brighten them.
 */
final class ImageDecoder implements AutoCloseable {

  private static final byte[] JPEG_SIGNATURE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG_SIGNATURE = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'
  };

  private final long maxPixels;
  private ImageReader jpegReader;
  private ImageReader pngReader;
  /** The first warning of the image being decoded (e.g. a truncated JPEG): makes it corrupt. */
  private String warning;

  /** A decoder that refuses images of more than {@code maxPixels} pixels. */
  ImageDecoder(long maxPixels) {
    this.maxPixels = maxPixels;
  }

  ImageDecoder() {
    this(ImageRules.DEFAULT.maxPixels());
  }

  /**
   * Decodes {@code file}, resizes it to {@code size x size} if it is not already that size, and
   * writes its HWC RGB bytes to {@code out[offset .. offset + size * size * 3)}.
   *
   * @throws DataException naming the file if it cannot be read or decoded
   */
  void decodeInto(Path file, int size, byte[] out, int offset) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DataException("cannot read image " + file + ": " + e, e);
    }
    decodeInto(bytes, file.toString(), size, out, offset);
  }

  /**
   * Decodes an encoded image held in memory (an archive entry), like {@link #decodeInto(Path,
   * int, byte[], int)}.
   *
   * @param name what the image is called in messages, e.g. {@code <archive> entry <path>}
   * @throws DataException naming {@code name} if the bytes cannot be decoded
   */
  void decodeInto(byte[] bytes, String name, int size, byte[] out, int offset) {
    BufferedImage image = decode(bytes, name);
    int h = image.getHeight();
    int w = image.getWidth();
    byte[] rgb = toRgb(image);
    if (h == size && w == size) {
      System.arraycopy(rgb, 0, out, offset, rgb.length);
    } else {
      Resampler.resize(rgb, h, w, out, offset, size, size);
    }
  }

  private BufferedImage decode(byte[] bytes, String file) {
    boolean jpeg = startsWith(bytes, JPEG_SIGNATURE);
    if (!jpeg && !startsWith(bytes, PNG_SIGNATURE)) {
      throw new CorruptImageException("cannot decode image " + file + ": not a JPEG or PNG");
    }
    ImageReader reader = jpeg ? jpegReader() : pngReader();
    ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    try {
      warning = null;
      reader.setInput(input, true, true);
      // The header alone gives the size: a huge image is refused before its pixels exist.
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels > maxPixels) {
        throw new DataException("image " + file + " is " + reader.getWidth(0) + "x"
            + reader.getHeight(0) + " = " + pixels + " pixels, more than data.max_image_pixels ("
            + maxPixels + "); resize it or raise the limit");
      }
      BufferedImage image = reader.read(0);
      if (image.getWidth() < 1 || image.getHeight() < 1) {
        throw new CorruptImageException("cannot decode image " + file + ": it has no pixels");
      }
      if (warning != null) {
        throw new CorruptImageException("cannot decode image " + file + ": corrupt or truncated "
            + (jpeg ? "JPEG" : "PNG") + " (" + warning + ")");
      }
      return image;
    } catch (IOException | RuntimeException e) {
      discard(jpeg);
      if (e instanceof DataException dataException) {
        throw dataException;
      }
      throw new CorruptImageException(
          "cannot decode image " + file + ": corrupt " + (jpeg ? "JPEG" : "PNG") + " (" + e + ")",
          e);
    } finally {
      if (jpeg ? jpegReader != null : pngReader != null) {
        reader.setInput(null);
      }
      try {
        input.close();
      } catch (IOException ignored) {
        // A memory stream holds no resources worth reporting.
      }
    }
  }

  private ImageReader jpegReader() {
    if (jpegReader == null) {
      jpegReader = newReader("jpeg");
    }
    return jpegReader;
  }

  private ImageReader pngReader() {
    if (pngReader == null) {
      pngReader = newReader("png");
    }
    return pngReader;
  }

  private ImageReader newReader(String format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw new IllegalStateException("this JVM has no ImageIO reader for " + format);
    }
    ImageReader reader = readers.next();
    reader.addIIOReadWarningListener((source, message) -> {
      if (warning == null) {
        warning = message;
      }
    });
    return reader;
  }

  /** Drops a reader after a failure: its state is unknown, the next image gets a fresh one. */
  private void discard(boolean jpeg) {
    ImageReader reader = jpeg ? jpegReader : pngReader;
    if (reader != null) {
      reader.dispose();
    }
    if (jpeg) {
      jpegReader = null;
    } else {
      pngReader = null;
    }
  }

  /** Releases the readers' native resources. */
  @Override
  public void close() {
    discard(true);
    discard(false);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The image's pixels as HWC RGB bytes (alpha is dropped). */
  static byte[] toRgb(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    byte[] rgb = new byte[h * w * 3];
    ColorModel model = image.getColorModel();
    Raster raster = image.getRaster();
    if (model instanceof ComponentColorModel && eightBit(model)) {
      ColorSpace space = model.getColorSpace();
      if (space.isCS_sRGB() && model.getNumColorComponents() == 3) {
        copyBands(raster, rgb, h, w, 3);
        return rgb;
      }
      if (space.getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1) {
        copyBands(raster, rgb, h, w, 1);
        return rgb;
      }
    }
    if (model instanceof ComponentColorModel
        && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && model.getNumColorComponents() == 1) {
      copyWideGray(raster, model.getComponentSize(0), rgb, h, w);
      return rgb;
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < argb.length; i++) {
      rgb[i * 3] = (byte) (argb[i] >>> 16);
      rgb[i * 3 + 1] = (byte) (argb[i] >>> 8);
      rgb[i * 3 + 2] = (byte) argb[i];
    }
    return rgb;
  }

  private static boolean eightBit(ColorModel model) {
    for (int bits : model.getComponentSize()) {
      if (bits != 8) {
        return false;
      }
    }
    return true;
  }

  /** Copies the first {@code colors} bands row by row; one color band is replicated to RGB. */
  private static void copyBands(Raster raster, byte[] rgb, int h, int w, int colors) {
    int bands = raster.getNumBands();
    int[] row = new int[w * bands];
    for (int y = 0; y < h; y++) {
      raster.getPixels(0, y, w, 1, row);
      int o = y * w * 3;
      for (int x = 0; x < w; x++, o += 3) {
        int s = x * bands;
        if (colors == 3) {
          rgb[o] = (byte) row[s];
          rgb[o + 1] = (byte) row[s + 1];
          rgb[o + 2] = (byte) row[s + 2];
        } else {
          byte v = (byte) row[s];
          rgb[o] = v;
          rgb[o + 1] = v;
          rgb[o + 2] = v;
        }
      }
    }
  }

  /** Gray of another depth (16-bit PNG): rescale the raw samples to 8 bits and replicate. */
  private static void copyWideGray(Raster raster, int bits, byte[] rgb, int h, int w) {
    int bands = raster.getNumBands();
    int[] row = new int[w * bands];
    double max = (1L << bits) - 1;
    for (int y = 0; y < h; y++) {
      raster.getPixels(0, y, w, 1, row);
      for (int x = 0; x < w; x++) {
        byte v = (byte) Math.round(row[x * bands] * 255.0 / max);
        int o = (y * w + x) * 3;
        rgb[o] = v;
        rgb[o + 1] = v;
        rgb[o + 2] = v;
      }
    }
  }
}
