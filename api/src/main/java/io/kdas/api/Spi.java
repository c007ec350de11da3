package io.kdas.api;

/** The version of this SPI. */
public final class Spi {

  /**
   * Incremented on every incompatible change of the interfaces in {@code io.kdas.api} and its
   * subpackages. When the registry loads a plugin it compares {@link Plugin#spiVersion()} with
   * this and refuses a mismatch with a {@link PluginException} naming the plugin and its jar (see
   * {@link Plugin#spiVersion()} for how a plugin reports the version it was compiled against).
   */
  public static final int VERSION = 1;

  private Spi() {}
}
