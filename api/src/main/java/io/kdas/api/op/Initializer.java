package io.kdas.api.op;

/** How a variable is initialized. The runtime draws random values from the run's seed. */
public enum Initializer {
  /** Zero mean normal with variance 2 / fan_out (He et al. 2015), for convolution kernels. */
  HE_NORMAL,
  /** Uniform in +-1/sqrt(fan_in), for dense kernels and biases. */
  FAN_IN_UNIFORM,
  ZEROS,
  ONES
}
