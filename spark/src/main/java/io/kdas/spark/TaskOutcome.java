package io.kdas.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a worker reports of a task: the job's facts (as its completion record in the run folder
 * holds them) and where and how long it ran.
 */
record TaskOutcome(String key, Map<String, String> facts, String executor, String host,
    double seconds) implements Serializable {

  TaskOutcome {
    facts = new TreeMap<>(facts);
  }
}
