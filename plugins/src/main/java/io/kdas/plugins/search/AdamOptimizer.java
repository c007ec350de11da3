package io.kdas.plugins.search;

/**
 * Adam (Kingma and Ba) on a flat parameter vector, in TensorFlow's formulation: {@code lr_t = lr *
 * sqrt(1 - beta2^t) / (1 - beta1^t)}, {@code theta -= lr_t * m / (sqrt(v) + epsilon)}. The ENAS
 * controller uses beta1 = 0, beta2 = 0.999 and epsilon = 1e-3; those are {@link #enas}.
 */
final class AdamOptimizer {

  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double[] m;
  private final double[] v;
  private long steps;

  AdamOptimizer(int size, double learningRate, double beta1, double beta2, double epsilon) {
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.m = new double[size];
    this.v = new double[size];
  }

  /** Adam with the ENAS controller's settings. */
  static AdamOptimizer enas(int size, double learningRate) {
    return new AdamOptimizer(size, learningRate, 0.0, 0.999, 1e-3);
  }

  /** Applies one step of the given gradient (of a loss to minimize) to {@code theta}. */
  void step(double[] theta, double[] gradient) {
    steps++;
    double lr = learningRate * Math.sqrt(1 - Math.pow(beta2, steps))
        / (1 - Math.pow(beta1, steps));
    for (int i = 0; i < theta.length; i++) {
      double g = gradient[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      theta[i] -= lr * m[i] / (Math.sqrt(v[i]) + epsilon);
    }
  }

  /** The number of steps taken. */
  long steps() {
    return steps;
  }

  /** The first-moment slots, live. */
  double[] firstMoments() {
    return m;
  }

  /** The second-moment slots, live. */
  double[] secondMoments() {
    return v;
  }

  /** Restores slots and step count saved from an optimizer of the same size. */
  void restore(double[] firstMoments, double[] secondMoments, long stepCount) {
    System.arraycopy(firstMoments, 0, m, 0, m.length);
    System.arraycopy(secondMoments, 0, v, 0, v.length);
    this.steps = stepCount;
  }
}
