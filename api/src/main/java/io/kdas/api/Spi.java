package io.kdas.api;

/** The version of this SPI. */
public final class Spi {

  /**
   * Incremented on every incompatible change of the interfaces in {@code io.kdas.api}; a plugin
   * compiled against another version is refused at load.
   */
  public static final int VERSION = 1;

  private Spi() {}
}
