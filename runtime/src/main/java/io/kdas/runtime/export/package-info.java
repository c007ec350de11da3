/** Exporting a trained network as a TensorFlow SavedModel for serving. */
package io.kdas.runtime.export;
