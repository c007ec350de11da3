package io.kdas.runtime.data;

/**
 * What the decoders accept from image files.
 *
 * @param maxPixels the largest width x height accepted, read from the image's header before its
 *     pixels are decoded (a decoded image takes 4 bytes per pixel per decoding thread)
 * @param skipCorrupt whether a corrupt or truncated image is dropped from its split (logged, by
 *     name) instead of stopping the load with an error naming it
 */
public record ImageRules(long maxPixels, boolean skipCorrupt) {

  /** The defaults of {@code DatasetSpec}: 40 megapixels, corrupt images are errors. */
  public static final ImageRules DEFAULT = new ImageRules(40_000_000L, false);
}
