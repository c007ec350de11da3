/**
 * The KDAS plugin SPI. A plugin is a {@link io.kdas.api.Plugin}: a cheap descriptor (kind, name,
 * version, parameter schema) found by {@link java.util.ServiceLoader}, and a factory that builds
 * the configured component when a run asks for it. There are three kinds:
 *
 * <ul>
 *   <li>{@link io.kdas.api.loss.DistillationLossPlugin} builds a {@link
 *       io.kdas.api.loss.DistillationLoss};
 *   <li>{@link io.kdas.api.op.CandidateOperationPlugin} builds a {@link
 *       io.kdas.api.op.CandidateOperation};
 *   <li>{@link io.kdas.api.search.SearchStrategyPlugin} builds a {@link
 *       io.kdas.api.search.SearchStrategy}.
 * </ul>
 *
 * <p>{@link io.kdas.api.PluginRegistry} is the one place that runs the ServiceLoader. The rules
 * that hold for every kind:
 *
 * <ul>
 *   <li><b>Lifecycle.</b> Descriptors are instantiated with their public no-argument constructor
 *       when the registry is built, whether or not a run uses them: keep that cheap. {@code
 *       create} runs when a run asks for the plugin, possibly more than once per run; a search
 *       strategy is closed when its search ends.
 *   <li><b>Threads.</b> Descriptors are shared and must be stateless. A component belongs to one
 *       run and is called from one thread at a time; it need not be thread-safe.
 *   <li><b>Graphs.</b> Losses and candidate operations are stateless: on each call they get the
 *       graph scope to build in ({@link org.tensorflow.op.Ops} or {@link
 *       io.kdas.api.op.LayerContext}) and build only through it. Losses add no variables;
 *       operations create variables only through their context. Feature maps are float32 NHWC
 *       with known height, width and channels and a batch size that may be unknown.
 *   <li><b>Determinism.</b> The same spec and seed must give the same run: all randomness comes
 *       from the seed the runtime hands over (a strategy's {@link
 *       io.kdas.api.search.SearchStrategy#start}, the context's initializers), none from the
 *       clock, {@code Math.random()} or unseeded random ops.
 *   <li><b>Errors.</b> Bad parameter values never reach a plugin: they are checked against its
 *       schema when the spec is validated. {@code create} throws {@link
 *       java.lang.IllegalArgumentException} for a bad combination; the registry reports it as a
 *       {@link io.kdas.api.PluginException} naming the plugin and its origin. What a loss or an
 *       operation throws while a child of an independent search is built or trained makes that
 *       trial fail (recorded with the message), and the search goes on; anywhere else it stops
 *       the run.
 *   <li><b>Versions.</b> The registry refuses a plugin whose {@link
 *       io.kdas.api.Plugin#spiVersion()} differs from {@link io.kdas.api.Spi#VERSION}, naming the
 *       plugin and its jar (override {@code spiVersion()} for this check to work: see there), and
 *       refuses two plugins of one kind with the same name, naming both origins.
 * </ul>
 *
 * <p>The conformance kit that built-in and third-party plugins run alike is the artifact {@code
 * io.kdas:kdas-testkit} ({@code io.kdas.testkit}): it builds operations through the runtime's own
 * layer context.
 */
package io.kdas.api;
