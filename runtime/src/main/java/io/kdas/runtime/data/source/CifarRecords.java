package io.kdas.runtime.data.source;

import io.kdas.runtime.data.DataException;
import io.kdas.runtime.data.ImageSplit;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * Reads the fixed-size records of a CIFAR binary batch and turns their planar pixels (all red,
 * then all green, then all blue) into the interleaved HWC layout of {@link ImageSplit}.
 *
 * <p>Records are read from a stream in runs of about 3 MB and converted as they arrive, so a
 * batch inside a compressed archive is never held twice. Labels are range-checked separately,
 * once the class names (which may come later in an archive) are known.
 */
final class CifarRecords {

  private static final int SIDE = 32;
  private static final int PLANE = SIDE * SIDE;
  private static final int RUN = 1024;

  private CifarRecords() {}

  /**
   * The records of one batch file.
   *
   * @param where the file, for messages
   * @param pixels HWC pixels, {@code 3,072} bytes per record
   * @param labels the chosen label of each record, unchecked
   */
  record Part(String where, byte[] pixels, int[] labels) {}

  /**
   * The number of records of a file of {@code bytes} bytes.
   *
   * @throws DataException naming {@code where} if the size is not a positive whole number of
   *     records, or if the records would not fit in one array
   */
  static int count(String where, long bytes, CifarFormat format) {
    int recordBytes = format.recordBytes();
    if (bytes % recordBytes != 0) {
      throw new DataException(String.format(Locale.ROOT,
          "%s: %,d bytes is not a whole number of %,d-byte records", where, bytes, recordBytes));
    }
    if (bytes == 0) {
      throw new DataException(String.format(Locale.ROOT,
          "%s: 0 bytes, expected at least one %,d-byte record", where, recordBytes));
    }
    long count = bytes / recordBytes;
    if (count * CifarFormat.PIXELS > Integer.MAX_VALUE - 16) {
      throw new DataException(String.format(Locale.ROOT,
          "%s: %,d records are more than one array can hold", where, count));
    }
    return (int) count;
  }

  /**
   * Reads all records of a file of {@code bytes} bytes from {@code in}.
   *
   * @throws DataException naming {@code where} for a wrong size or a stream that ends early
   */
  static Part read(InputStream in, long bytes, String where, CifarFormat format) {
    int count = count(where, bytes, format);
    int recordBytes = format.recordBytes();
    byte[] pixels = new byte[count * CifarFormat.PIXELS];
    int[] labels = new int[count];
    byte[] run = new byte[Math.min(count, RUN) * recordBytes];
    for (int first = 0; first < count; first += RUN) {
      int records = Math.min(RUN, count - first);
      int want = records * recordBytes;
      int got;
      try {
        got = in.readNBytes(run, 0, want);
      } catch (IOException e) {
        throw new DataException("cannot read " + where + ": " + e, e);
      }
      if (got < want) {
        throw new DataException(String.format(Locale.ROOT,
            "%s ended at record %,d: expected %,d records (%,d bytes)",
            where, first + got / recordBytes, count, bytes));
      }
      for (int r = 0; r < records; r++) {
        int in0 = r * recordBytes;
        labels[first + r] = run[in0 + format.labelIndex()] & 0xFF;
        toHwc(run, in0 + format.labelBytes(), pixels, (first + r) * CifarFormat.PIXELS);
      }
    }
    return new Part(where, pixels, labels);
  }

  /** Interleaves one record's R, G and B planes into HWC at {@code out[offset ..]}. */
  static void toHwc(byte[] planes, int from, byte[] out, int offset) {
    for (int p = 0; p < PLANE; p++) {
      int o = offset + 3 * p;
      out[o] = planes[from + p];
      out[o + 1] = planes[from + PLANE + p];
      out[o + 2] = planes[from + 2 * PLANE + p];
    }
  }

  /**
   * Checks that every label names a class.
   *
   * @throws DataException naming the file and the (0-based) record of the first bad label
   */
  static void checkLabels(Part part, int classes, CifarFormat format) {
    int[] labels = part.labels();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= classes) {
        throw new DataException(part.where() + " record " + i + ": " + format.labelKind() + " "
            + labels[i] + " is out of range 0.." + (classes - 1));
      }
    }
  }

  /** The records of several files, one after the other, as a split of 32x32 images. */
  static ImageSplit join(List<Part> parts) {
    if (parts.size() == 1) {
      Part part = parts.get(0);
      return new ImageSplit(part.pixels(), part.labels(), SIDE, SIDE);
    }
    long total = 0;
    for (Part part : parts) {
      total += part.labels().length;
    }
    if (total * CifarFormat.PIXELS > Integer.MAX_VALUE - 16) {
      throw new DataException(String.format(Locale.ROOT,
          "%s and the files with it hold %,d records, more than one array can hold",
          parts.get(0).where(), total));
    }
    int count = (int) total;
    byte[] pixels = new byte[count * CifarFormat.PIXELS];
    int[] labels = new int[count];
    int at = 0;
    for (Part part : parts) {
      int n = part.labels().length;
      System.arraycopy(part.pixels(), 0, pixels, at * CifarFormat.PIXELS, part.pixels().length);
      System.arraycopy(part.labels(), 0, labels, at, n);
      at += n;
    }
    return new ImageSplit(pixels, labels, SIDE, SIDE);
  }
}
