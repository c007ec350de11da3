package io.kdas.api.op;

/**
 * How a variable is initialized. The runtime draws random values from stateless ops seeded by the
 * run's seed and the variable's scoped name, so initial values do not depend on build order.
 */
public enum Initializer {
  /**
   * Zero mean normal with variance 2 / fan_out (He et al. 2015; fan_out = kh * kw * out for a
   * [kh, kw, in, out] kernel), for convolution kernels.
   */
  HE_NORMAL,
  /**
   * Uniform in +-1/sqrt(fan_in) (fan_in = all dimensions but the last), for dense kernels and
   * biases.
   */
  FAN_IN_UNIFORM,
  /** All zeros, for biases and batch-norm offsets. */
  ZEROS,
  /** All ones, for batch-norm scales. */
  ONES
}
