/**
 * The search-strategy extension point, in ask/tell form. A strategy proposes architectures of a
 * {@link io.kdas.api.search.SearchSpace}; the runtime trains and scores them and tells the strategy
 * the results ({@link io.kdas.api.search.TrialResult}). {@link
 * io.kdas.api.search.SearchStrategy#childTraining()} says whether proposals are trained
 * independently or on weights shared by all children (ENAS-style); the runtime drives both
 * through the same ask/tell calls.
 */
package io.kdas.api.search;
