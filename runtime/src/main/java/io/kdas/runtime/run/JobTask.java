package io.kdas.runtime.run;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job as a worker in another process rebuilds it ({@link RunWorker}): its kind, its key and
 * what picks it among the run's jobs of that kind. Everything else the worker reads from the run
 * folder, where the jobs before it left their outputs. Serializable: a cluster executor ships it.
 *
 * @param arguments e.g. {@code k} of a teacher, {@code name} of a student
 */
public record JobTask(Kind kind, String key, Map<String, String> arguments)
    implements Serializable {

  /** The kinds of job a worker can rebuild. */
  public enum Kind { TEACHER, PREDICTIONS, SEARCH, CHILD, STUDENT }

  public JobTask {
    arguments = new TreeMap<>(arguments); // serializable, in a stable order
  }

  public String argument(String name) {
    String value = arguments.get(name);
    if (value == null) {
      throw new IllegalArgumentException(key + ": no argument '" + name + "'");
    }
    return value;
  }
}
