/**
 * Training and evaluating one network: its training graph (towers, loss, optimizer), the
 * learning-rate schedule, the epoch loop with progress, and accuracy metrics.
 */
package io.kdas.runtime.train;
