/**
 * Built-in distillation losses: {@code cross-entropy}, {@code ensemble-kd} (Hinton et al. 2015)
 * and {@code oracle-kd} (Kang, Mun and Han 2020). The maths of each is a static function in
 * {@link io.kdas.plugins.loss.DistillationMath}, tested on constants; the plugin classes only hold
 * parameters.
 */
package io.kdas.plugins.loss;
