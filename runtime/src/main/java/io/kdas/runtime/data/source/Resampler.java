package io.kdas.runtime.data.source;

/**
 * Bilinear resizing of uint8 RGB images, with the triangle filter widened when downscaling (the
 * way PIL's {@code Image.resize(..., BILINEAR)} does it, which is what torchvision's ImageFolder
 * pipelines use).
 *
 * <p>Plain 2x2 bilinear sampling would alias badly when a large photo is shrunk to 32x32: it would
 * look at 4 of hundreds of pixels. Widening the filter support by the scale factor averages all of
 * them and reduces to ordinary bilinear interpolation (half-pixel centers) when enlarging.
 */
final class Resampler {

  private Resampler() {}

  /** Resizes HWC RGB {@code src} (srcH x srcW) into {@code dst[offset ..]} (dstH x dstW). */
  static void resize(
      byte[] src, int srcH, int srcW, byte[] dst, int offset, int dstH, int dstW) {
    Filter horizontal = Filter.of(srcW, dstW);
    Filter vertical = Filter.of(srcH, dstH);
    // Horizontal pass: srcH x dstW x 3 floats.
    float[] temp = new float[srcH * dstW * 3];
    for (int y = 0; y < srcH; y++) {
      int rowIn = y * srcW * 3;
      int rowOut = y * dstW * 3;
      for (int x = 0; x < dstW; x++) {
        float r = 0;
        float g = 0;
        float b = 0;
        int first = horizontal.first[x];
        int base = x * horizontal.span;
        for (int k = 0; k < horizontal.count[x]; k++) {
          float wgt = horizontal.weights[base + k];
          int i = rowIn + (first + k) * 3;
          r += wgt * (src[i] & 0xFF);
          g += wgt * (src[i + 1] & 0xFF);
          b += wgt * (src[i + 2] & 0xFF);
        }
        temp[rowOut + x * 3] = r;
        temp[rowOut + x * 3 + 1] = g;
        temp[rowOut + x * 3 + 2] = b;
      }
    }
    // Vertical pass into the destination.
    int rowFloats = dstW * 3;
    for (int y = 0; y < dstH; y++) {
      int first = vertical.first[y];
      int base = y * vertical.span;
      int out = offset + y * rowFloats;
      for (int j = 0; j < rowFloats; j++) {
        float v = 0;
        for (int k = 0; k < vertical.count[y]; k++) {
          v += vertical.weights[base + k] * temp[(first + k) * rowFloats + j];
        }
        dst[out + j] = (byte) Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }

  /** Normalized triangle-filter weights of one axis: output i reads inputs first[i] + k. */
  private record Filter(int[] first, int[] count, float[] weights, int span) {

    static Filter of(int in, int out) {
      double scale = (double) in / out;
      double support = Math.max(scale, 1.0);
      int span = (int) Math.ceil(support) * 2 + 2;
      int[] first = new int[out];
      int[] count = new int[out];
      float[] weights = new float[out * span];
      for (int i = 0; i < out; i++) {
        double center = (i + 0.5) * scale;
        int lo = Math.max(0, (int) Math.floor(center - support));
        int hi = Math.min(in, (int) Math.ceil(center + support));
        double total = 0;
        int n = 0;
        for (int s = lo; s < hi && n < span; s++, n++) {
          double w = Math.max(0.0, 1.0 - Math.abs((s + 0.5 - center) / support));
          weights[i * span + n] = (float) w;
          total += w;
        }
        first[i] = lo;
        count[i] = n;
        for (int k = 0; k < n; k++) {
          weights[i * span + k] = (float) (weights[i * span + k] / total);
        }
      }
      return new Filter(first, count, weights, span);
    }
  }
}
