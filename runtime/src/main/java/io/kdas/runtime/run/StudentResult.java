package io.kdas.runtime.run;

import io.kdas.runtime.train.Accuracy;
import io.kdas.runtime.train.EpochMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one student reached.
 *
 * @param name the student's name in the spec
 * @param model e.g. {@code resnet-20}
 * @param loss the loss plugin's name and resolved parameters
 * @param test final test accuracy (inference-mode batch norm)
 * @param parameters trainable scalars
 * @param modelBytes bytes of float32 variables in the export (weights and batch-norm statistics)
 * @param trainSeconds wall time of training (evaluation excluded)
 * @param export the SavedModel directory, or null when export is off
 * @param exportMaxLogitDifference max |logit difference| between the reloaded export and the
 *     trained graph on test images (NaN when export is off)
 */
public record StudentResult(String name, String model, String loss, Map<String, String> params,
    Accuracy test, long parameters, long modelBytes, double trainSeconds,
    List<EpochMetrics> history, Path export, double exportMaxLogitDifference) {}
