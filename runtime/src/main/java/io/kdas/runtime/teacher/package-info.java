/**
 * The teacher ensemble: teachers as loaded SavedModels, the ensemble's and oracle's accuracy, and
 * the store of teacher predictions per (example, augmented view) that every student reuses.
 */
package io.kdas.runtime.teacher;
