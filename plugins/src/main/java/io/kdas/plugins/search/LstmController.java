package io.kdas.plugins.search;

/**
 * The ENAS-style controller of {@code reinforce}, in plain Java with backpropagation through time.
 *
 * <p>Structure (H = hidden size; all parameters in one flat array, see {@link #parameters()}):
 *
 * <ul>
 *   <li>{@code g} [H]: the learned first input;
 *   <li>one LSTM layer: {@code W} [4H x 2H] over {@code [x; h_prev]} and bias {@code b} [4H],
 *       gates in the order input, forget, output, candidate; {@code c = f*c_prev + i*g~}, {@code
 *       h = o*tanh(c)}; zero initial state;
 *   <li>one head per decision kind, shared by all layers: head 0 chooses the operation (n =
 *       |operations|), head 1 + j chooses connection bit j (n = 2). A head has softmax weights
 *       {@code V} [n x H], bias {@code a} [n] and embeddings {@code E} [n x H].
 * </ul>
 *
 * Decision t (layer by layer: the operation, then each connection bit) runs one LSTM step on input
 * {@code x_t} ({@code g} for t = 0, else the embedding of decision t - 1 in its head), then takes
 * logits {@code k * tanh((V h + a) / T)} (or {@code (V h + a) / T} when k = 0), as ENAS does with
 * temperature T and tanh constant k, and a softmax over them.
 *
 * <p>The REINFORCE loss of one sampled architecture with decisions d_t and advantage A is {@code
 * J = -A * sum_t log p_t(d_t) - beta * sum_t H(p_t)}, with H the entropy of each decision's
 * distribution; {@link #accumulateGradient} adds dJ/dtheta.
 */
final class LstmController {

  private final int hidden;
  private final int[] headOf;
  private final int[] choices;
  private final double temperature;
  private final double tanhConstant;
  private final double[] theta;
  private final boolean[] isBias;
  private final int gOff;
  private final int wOff;
  private final int bOff;
  private final int[] vOff;
  private final int[] aOff;
  private final int[] eOff;

  LstmController(SpaceCodec codec, int hidden, double temperature, double tanhConstant) {
    this.hidden = hidden;
    this.temperature = temperature;
    this.tanhConstant = tanhConstant;
    int heads = 1 + codec.space().connections();
    choices = new int[heads];
    choices[0] = codec.space().operations().size();
    for (int k = 1; k < heads; k++) {
      choices[k] = 2;
    }
    headOf = new int[codec.positions()];
    for (int t = 0; t < headOf.length; t++) {
      headOf[t] = codec.slot(t);
    }
    int n = 0;
    gOff = n;
    n += hidden;
    wOff = n;
    n += 8 * hidden * hidden;
    bOff = n;
    n += 4 * hidden;
    vOff = new int[heads];
    aOff = new int[heads];
    eOff = new int[heads];
    for (int k = 0; k < heads; k++) {
      vOff[k] = n;
      n += choices[k] * hidden;
      aOff[k] = n;
      n += choices[k];
      eOff[k] = n;
      n += choices[k] * hidden;
    }
    theta = new double[n];
    isBias = new boolean[n];
    for (int i = bOff; i < bOff + 4 * hidden; i++) {
      isBias[i] = true;
    }
    for (int k = 0; k < heads; k++) {
      for (int i = aOff[k]; i < aOff[k] + choices[k]; i++) {
        isBias[i] = true;
      }
    }
  }

  /** The live parameter vector (g, W, b, then V, a, E of each head), updated in place. */
  double[] parameters() {
    return theta;
  }

  /** Weights uniform in [-0.1, 0.1] as in ENAS, biases zero. */
  void initialize(SplitMix64 rng) {
    for (int i = 0; i < theta.length; i++) {
      theta[i] = isBias[i] ? 0 : rng.nextDouble(-0.1, 0.1);
    }
  }

  /** Samples one architecture's decisions, each from its softmax with the generator. */
  int[] sample(SplitMix64 rng) {
    return run(null, rng).decisions;
  }

  /** The most likely decision at every step, each fed back as the next input (greedy). */
  int[] greedy() {
    return run(null, null).decisions;
  }

  /** The loss J of the given decisions (see the class comment). */
  double loss(int[] decisions, double advantage, double entropyWeight) {
    Trace tr = run(decisions, null);
    double j = 0;
    for (int t = 0; t < decisions.length; t++) {
      j += -advantage * Math.log(tr.p[t][decisions[t]]) - entropyWeight * entropy(tr.p[t]);
    }
    return j;
  }

  /** Adds dJ/dtheta of the given decisions to {@code gradient} (by backpropagation in time). */
  void accumulateGradient(
      int[] decisions, double advantage, double entropyWeight, double[] gradient) {
    Trace tr = run(decisions, null);
    int h = hidden;
    double[] dhNext = new double[h];
    double[] dcNext = new double[h];
    double[] du = new double[4 * h];
    for (int t = decisions.length - 1; t >= 0; t--) {
      int k = headOf[t];
      double[] p = tr.p[t];
      double ent = entropy(p);
      double[] dh = dhNext.clone();
      for (int j = 0; j < p.length; j++) {
        double logP = p[j] > 0 ? Math.log(p[j]) : 0;
        double da = -advantage * ((j == decisions[t] ? 1 : 0) - p[j])
            + entropyWeight * p[j] * (logP + ent);
        double dz = da * logitSlope(tr.z[t][j]);
        int row = vOff[k] + j * h;
        for (int q = 0; q < h; q++) {
          gradient[row + q] += dz * tr.h[t][q];
          dh[q] += theta[row + q] * dz;
        }
        gradient[aOff[k] + j] += dz;
      }
      double[] gates = tr.gates[t];
      double[] cPrev = t == 0 ? new double[h] : tr.c[t - 1];
      for (int q = 0; q < h; q++) {
        double i = gates[q];
        double f = gates[h + q];
        double o = gates[2 * h + q];
        double g = gates[3 * h + q];
        double tc = tr.tanhC[t][q];
        double dc = dcNext[q] + dh[q] * o * (1 - tc * tc);
        du[q] = dc * g * i * (1 - i);
        du[h + q] = dc * cPrev[q] * f * (1 - f);
        du[2 * h + q] = dh[q] * tc * o * (1 - o);
        du[3 * h + q] = dc * i * (1 - g * g);
        dcNext[q] = dc * f;
      }
      double[] x = tr.x[t];
      double[] hPrev = t == 0 ? new double[h] : tr.h[t - 1];
      double[] dx = new double[h];
      double[] dhPrev = new double[h];
      for (int r = 0; r < 4 * h; r++) {
        double d = du[r];
        gradient[bOff + r] += d;
        int row = wOff + r * 2 * h;
        for (int q = 0; q < h; q++) {
          gradient[row + q] += d * x[q];
          dx[q] += theta[row + q] * d;
          gradient[row + h + q] += d * hPrev[q];
          dhPrev[q] += theta[row + h + q] * d;
        }
      }
      dhNext = dhPrev;
      int into = t == 0 ? gOff : eOff[headOf[t - 1]] + decisions[t - 1] * h;
      for (int q = 0; q < h; q++) {
        gradient[into + q] += dx[q];
      }
    }
  }

  /** d logits / d z for one logit. */
  private double logitSlope(double z) {
    if (tanhConstant == 0) {
      return 1 / temperature;
    }
    double th = Math.tanh(z / temperature);
    return tanhConstant * (1 - th * th) / temperature;
  }

  /** Everything a forward pass computed, per step. */
  private static final class Trace {
    final double[][] x;
    final double[][] gates;
    final double[][] c;
    final double[][] tanhC;
    final double[][] h;
    final double[][] z;
    final double[][] p;
    final int[] decisions;

    Trace(int steps) {
      x = new double[steps][];
      gates = new double[steps][];
      c = new double[steps][];
      tanhC = new double[steps][];
      h = new double[steps][];
      z = new double[steps][];
      p = new double[steps][];
      decisions = new int[steps];
    }
  }

  /**
   * One forward pass. Decisions are {@code forced} if given, else sampled with {@code rng}, else
   * the most likely.
   */
  private Trace run(int[] forced, SplitMix64 rng) {
    int h = hidden;
    int steps = headOf.length;
    if (forced != null && forced.length != steps) {
      throw new IllegalArgumentException(forced.length + " decisions; expected " + steps);
    }
    Trace tr = new Trace(steps);
    double[] hPrev = new double[h];
    double[] cPrev = new double[h];
    for (int t = 0; t < steps; t++) {
      double[] x = new double[h];
      int from = t == 0 ? gOff : eOff[headOf[t - 1]] + tr.decisions[t - 1] * h;
      System.arraycopy(theta, from, x, 0, h);
      double[] gates = new double[4 * h];
      for (int r = 0; r < 4 * h; r++) {
        int row = wOff + r * 2 * h;
        double u = theta[bOff + r];
        for (int q = 0; q < h; q++) {
          u += theta[row + q] * x[q] + theta[row + h + q] * hPrev[q];
        }
        gates[r] = r < 3 * h ? sigmoid(u) : Math.tanh(u);
      }
      double[] c = new double[h];
      double[] tanhC = new double[h];
      double[] hNow = new double[h];
      for (int q = 0; q < h; q++) {
        c[q] = gates[h + q] * cPrev[q] + gates[q] * gates[3 * h + q];
        tanhC[q] = Math.tanh(c[q]);
        hNow[q] = gates[2 * h + q] * tanhC[q];
      }
      int k = headOf[t];
      double[] z = new double[choices[k]];
      double[] logits = new double[choices[k]];
      for (int j = 0; j < z.length; j++) {
        double s = theta[aOff[k] + j];
        int row = vOff[k] + j * h;
        for (int q = 0; q < h; q++) {
          s += theta[row + q] * hNow[q];
        }
        z[j] = s;
        logits[j] = tanhConstant == 0
            ? s / temperature
            : tanhConstant * Math.tanh(s / temperature);
      }
      double[] p = softmax(logits);
      int d;
      if (forced != null) {
        d = forced[t];
        if (d < 0 || d >= p.length) {
          throw new IllegalArgumentException("decision " + t + " is " + d + "; expected 0.."
              + (p.length - 1));
        }
      } else {
        d = rng != null ? rng.nextCategorical(p) : argmax(p);
      }
      tr.x[t] = x;
      tr.gates[t] = gates;
      tr.c[t] = c;
      tr.tanhC[t] = tanhC;
      tr.h[t] = hNow;
      tr.z[t] = z;
      tr.p[t] = p;
      tr.decisions[t] = d;
      hPrev = hNow;
      cPrev = c;
    }
    return tr;
  }

  /** The softmax probabilities of each decision given the decisions before it. */
  double[][] probabilities(int[] decisions) {
    return run(decisions, null).p;
  }

  private static double sigmoid(double u) {
    return 1 / (1 + Math.exp(-u));
  }

  private static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    double[] p = new double[logits.length];
    for (int j = 0; j < p.length; j++) {
      p[j] = Math.exp(logits[j] - max);
      sum += p[j];
    }
    for (int j = 0; j < p.length; j++) {
      p[j] /= sum;
    }
    return p;
  }

  static double entropy(double[] p) {
    double e = 0;
    for (double pj : p) {
      if (pj > 0) {
        e -= pj * Math.log(pj);
      }
    }
    return e;
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int j = 1; j < p.length; j++) {
      if (p[j] > p[best]) {
        best = j;
      }
    }
    return best;
  }
}
