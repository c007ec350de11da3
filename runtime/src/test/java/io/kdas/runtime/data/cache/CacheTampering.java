package io.kdas.runtime.data.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Edits a split cache the way only someone who knows its format could: the last pixel byte
 * changed and the checksum recomputed, so that a load returning the change proves it read the
 * cache instead of decoding the sources.
 */
public final class CacheTampering {

  private CacheTampering() {}

  public static void xorLastPixel(Path cache, int mask) throws IOException {
    byte[] bytes = Files.readAllBytes(cache);
    int end = bytes.length - SplitCache.TRAILER_BYTES;
    bytes[end - 1] ^= (byte) mask;
    CRC32 crc = new CRC32();
    crc.update(bytes, SplitCache.HEADER_BYTES, end - SplitCache.HEADER_BYTES);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(end, crc.getValue());
    Files.write(cache, bytes);
  }
}
