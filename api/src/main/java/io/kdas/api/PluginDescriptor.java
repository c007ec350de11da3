package io.kdas.api;

/**
 * An installed plugin and where it came from.
 *
 * @param plugin the plugin descriptor and factory
 * @param origin the jar or class-path directory that holds the plugin's class
 */
public record PluginDescriptor(Plugin<?> plugin, String origin) {

  public PluginKind kind() {
    return plugin.kind();
  }

  public String name() {
    return plugin.name();
  }
}
