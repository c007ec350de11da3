package io.kdas.runtime.train;

/**
 * What one epoch of one network measured.
 *
 * @param model the network's name in this run (e.g. {@code teacher-2}, {@code oracle-kd})
 * @param epoch 1-based
 * @param learningRate the rate at the epoch's last step
 * @param trainLoss mean training loss
 * @param trainAccuracy top-1 on the augmented training batches
 * @param split the split scored after the epoch: "test", or "validation" (held out of the
 *     training split) for search children; null for a training without evaluation (the shared
 *     weights of a search, whose epochs score children instead)
 * @param eval top-1/top-5 on that split, or null
 * @param seconds wall time of the epoch's training steps (evaluation excluded)
 * @param imagesPerSecond training throughput
 */
public record EpochMetrics(
    String model, int epoch, int epochs, double learningRate, double trainLoss,
    double trainAccuracy, String split, Accuracy eval, double seconds,
    double imagesPerSecond) {}
