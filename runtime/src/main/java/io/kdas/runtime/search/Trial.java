package io.kdas.runtime.search;

import io.kdas.api.op.OperationCost;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.Architecture;

/**
 * One scored architecture of a search.
 *
 * @param index 1-based order of scoring
 * @param phase "search" (scored to guide the strategy) or "final" (finalists of a shared-weight
 *     search, scored on the whole validation split)
 * @param elapsedSeconds seconds since the search started when it was scored
 */
public record Trial(int index, String phase, Architecture architecture, OperationCost cost,
    TrialResult result, double elapsedSeconds) {}
