package io.kdas.api;

/**
 * A plugin could not be found, loaded, configured or built. The message is one line for the user
 * and names the plugin (and, where known, its origin and the offending parameter); {@code kdas}
 * prints it as {@code kdas: error: <message>}, without a stack trace, and exits with status 2.
 *
 * <p>Plugins throw {@link IllegalArgumentException} for bad parameters, not this: the registry
 * wraps what they throw, adding the plugin's name and origin.
 */
public class PluginException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure without an underlying cause.
   *
   * @param message one line for the user, naming the plugin
   */
  public PluginException(String message) {
    super(message);
  }

  /**
   * A failure caused by another exception (kept for {@code --debug}).
   *
   * @param message one line for the user, naming the plugin
   * @param cause what the plugin or the class loader threw
   */
  public PluginException(String message, Throwable cause) {
    super(message, cause);
  }
}
