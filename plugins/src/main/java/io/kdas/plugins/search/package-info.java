/**
 * Built-in search strategies: {@code random} (uniform, the baseline), {@code
 * regularized-evolution} (Real et al. 2019) and {@code reinforce} (the ENAS LSTM controller used
 * by KDAS). All randomness comes from a {@code SplitMix64} seeded by
 * {@code start}, whose one-long state is saved with the rest, so a restored strategy continues
 * with exactly the proposals the original would have made. The controller of {@code reinforce}
 * is plain Java with backpropagation through time ({@code
 * LstmController}): it is tiny, holds no native resources, and its
 * arithmetic is bit-for-bit reproducible.
 */
package io.kdas.plugins.search;
