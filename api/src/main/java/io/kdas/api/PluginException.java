package io.kdas.api;

/**
 * A plugin could not be found, loaded, configured or built. The message is one line for the user
 * and names the plugin (and, where known, its origin and the offending parameter).
 */
public class PluginException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PluginException(String message) {
    super(message);
  }

  public PluginException(String message, Throwable cause) {
    super(message, cause);
  }
}
