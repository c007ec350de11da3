package io.kdas.runtime.data;

/**
 * An image whose bytes cannot be decoded into all of its pixels (corrupt, truncated, not a JPEG
 * or PNG): the one kind of data error that {@code skip_corrupt_images} may turn into a skip.
 */
public final class CorruptImageException extends DataException {

  private static final long serialVersionUID = 1L;

  public CorruptImageException(String message) {
    super(message);
  }

  public CorruptImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
