/**
 * The KDAS plugin SPI. A plugin is a {@link io.kdas.api.Plugin}: a cheap descriptor (kind, name,
 * version, parameter schema) found by {@link java.util.ServiceLoader}, and a factory that builds the
 * configured component when a run asks for it. There are three kinds:
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
 * <p>{@link io.kdas.api.PluginRegistry} is the one place that runs the ServiceLoader.
 */
package io.kdas.api;
