package io.kdas.api;

import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.PluginParameters;

/**
 * A plugin descriptor and factory. Implementations must have a public no-argument constructor
 * (ServiceLoader creates them) and must be cheap to construct: heavy work belongs in {@link
 * #create}, which runs only when a run spec asks for the plugin.
 *
 * <p>Descriptors are shared by all runs of a JVM and may be called from several threads: keep
 * them stateless. The component that {@link #create} returns belongs to one run.
 *
 * @param <T> the component this plugin builds
 */
public interface Plugin<T> {

  /** Which extension point this plugin extends. */
  PluginKind kind();

  /**
   * The stable name that run specs use, in lower-case words joined by hyphens (e.g. {@code
   * oracle-kd}). Unique per kind among installed plugins.
   */
  String name();

  /** The plugin's own version, shown by {@code kdas plugins} and recorded in run reports. */
  String version();

  /** A one-line description for {@code kdas plugins}. */
  String description();

  /**
   * The SPI version the plugin was compiled against. The default returns the value of {@link
   * Spi#VERSION} at the plugin's compile time (it is a compile-time constant), so plugins need not
   * override it; the registry refuses plugins whose major version differs from its own.
   */
  default int spiVersion() {
    return Spi.VERSION;
  }

  /** The parameters {@link #create} accepts; checked by the registry before anything runs. */
  ParameterSchema parameters();

  /**
   * Builds the configured component.
   *
   * @param parameters values checked against {@link #parameters()}, defaults filled in
   * @throws IllegalArgumentException if a combination of parameters is invalid; the message is
   *     shown to the user next to the run spec entry
   */
  T create(PluginParameters parameters);
}
