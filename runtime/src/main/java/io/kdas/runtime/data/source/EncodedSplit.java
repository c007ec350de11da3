package io.kdas.runtime.data.source;

import java.util.List;

/**
 * The still-encoded images of one split, read from an archive into memory, in example order.
 *
 * <p>Archives are read in one streaming pass, but example order (classes sorted, files sorted by
 * name within a class) is only known once every member has been seen; keeping the encoded bytes
 * (about 1 KB per CIFAR image) until then lets the decoder write each image straight to its final
 * place in one flat array, with no second copy of the decoded pixels.
 *
 * @param role "train" or "test"
 * @param where the split folder, for messages ({@code <archive> entry train})
 * @param names how each image is named in messages ({@code <archive> entry train/cat/0001.jpg})
 * @param images the encoded bytes of each image; {@link ImageArchiveLoader} clears each slot once
 *     decoded, so that the memory is returned as decoding proceeds
 * @param labels the class index of each image
 * @param contentKey a SHA-256 digest of the class names and every image's name and size, made
 *     exactly as {@link SourceListing#contentKey()} is for a folder of the same images
 */
record EncodedSplit(
    String role, String where, List<String> names, byte[][] images, int[] labels,
    byte[] contentKey) {

  /** The number of images. */
  int size() {
    return labels.length;
  }
}
