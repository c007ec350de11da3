/**
 * What a run shows besides its text files: TensorBoard event files, written as TensorFlow's own
 * summary writer writes them.
 */
package io.kdas.runtime.report;
