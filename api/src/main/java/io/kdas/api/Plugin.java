package io.kdas.api;

import io.kdas.api.param.ParameterSchema;
import io.kdas.api.param.PluginParameters;

/**
 * A plugin descriptor and factory. Plugins implement one of its three kind interfaces, {@link
 * io.kdas.api.loss.DistillationLossPlugin}, {@link io.kdas.api.op.CandidateOperationPlugin} or
 * {@link io.kdas.api.search.SearchStrategyPlugin}, and register under that interface's name in
 * {@code META-INF/services}.
 *
 * <p><b>Lifecycle.</b> {@link java.util.ServiceLoader} instantiates every descriptor with its
 * public no-argument constructor when the {@link PluginRegistry} is built, whether or not a run
 * uses it: keep the constructor and the methods other than {@link #create} cheap and free of side
 * effects (no TensorFlow graphs, files or threads). {@link #create} runs only when a run asks for
 * the plugin. A constructor that throws makes the registry fail with a {@link PluginException}
 * naming the class and its jar.
 *
 * <p><b>Threads.</b> Descriptors are shared by everything that uses the registry and may be
 * called from several threads: keep them stateless. The component that {@link #create} returns
 * belongs to one run and is called from one thread at a time.
 *
 * @param <T> the component this plugin builds
 */
public interface Plugin<T> {

  /**
   * Which extension point this plugin extends. The kind interfaces implement it; plugins do not.
   *
   * @return the kind
   */
  PluginKind kind();

  /**
   * The stable name that run specs use, in lower-case words joined by hyphens (e.g. {@code
   * oracle-kd}).
   *
   * @return the name; unique per kind among all installed plugins (class path and every plugin
   *     jar), or the registry refuses to load, naming both origins
   */
  String name();

  /**
   * The plugin's own version.
   *
   * @return a non-blank version, shown by {@code kdas plugins} and recorded in run provenance
   */
  String version();

  /**
   * What the plugin does.
   *
   * @return one line for {@code kdas plugins}
   */
  String description();

  /**
   * The SPI version the plugin was compiled against: implement it as {@code return
   * Spi.VERSION;}. The constant is inlined into the plugin's class when it is compiled, so the
   * value is the version of the api the plugin was built with. The registry compares it with its
   * own {@link Spi#VERSION} when it loads the plugin and refuses a plugin whose value differs,
   * with a {@link PluginException} naming the plugin and its jar.
   *
   * @return the SPI version the plugin was built against
   */
  int spiVersion();

  /**
   * The parameters {@link #create} accepts. Run specs give loss and strategy parameters as {@code
   * params { key: "..." value: "..." }}; they are checked against this schema when the spec is
   * validated, before anything runs. Operations are named in specs without parameters, so their
   * {@code create} always receives the schema's defaults.
   *
   * @return the schema (the same one on every call); {@link ParameterSchema#empty()} for none
   */
  ParameterSchema parameters();

  /**
   * Builds the configured component, on the thread of the run that asks for it. Heavy work (a
   * strategy's own TensorFlow model, for instance) belongs here. It may be called several times in
   * one run (a loss, for instance, during spec validation and again by each stage that trains with
   * it): components from different calls must share no mutable state, and a call must have no
   * other effect.
   *
   * @param parameters values checked against {@link #parameters()}, defaults filled in
   * @return the component, never null
   * @throws IllegalArgumentException if a combination of parameters is invalid; the registry
   *     reports it (like any other runtime exception from here) as a {@link PluginException}
   *     naming the plugin's kind, name and origin, followed by this message
   */
  T create(PluginParameters parameters);
}
