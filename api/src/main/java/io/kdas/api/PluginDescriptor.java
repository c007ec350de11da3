package io.kdas.api;

/**
 * An installed plugin and where it came from, as {@link PluginRegistry} lists it. Immutable.
 *
 * @param plugin the plugin descriptor and factory
 * @param origin the path of the jar or class-path directory that holds the plugin's class (or
 *     {@code unknown}); error messages and {@code kdas plugins} show it
 */
public record PluginDescriptor(Plugin<?> plugin, String origin) {

  /**
   * The plugin's kind.
   *
   * @return {@code plugin().kind()}
   */
  public PluginKind kind() {
    return plugin.kind();
  }

  /**
   * The plugin's name.
   *
   * @return {@code plugin().name()}
   */
  public String name() {
    return plugin.name();
  }
}
