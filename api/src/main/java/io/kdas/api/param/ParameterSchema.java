package io.kdas.api.param;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parameters a plugin accepts, in declaration order. Immutable. */
public final class ParameterSchema {

  private static final ParameterSchema EMPTY = new ParameterSchema(List.of());

  private final Map<String, ParameterSpec> specs = new LinkedHashMap<>();

  private ParameterSchema(List<ParameterSpec> specs) {
    for (ParameterSpec spec : specs) {
      if (this.specs.put(spec.name(), spec) != null) {
        throw new IllegalArgumentException("parameter declared twice: " + spec.name());
      }
    }
  }

  /** A schema of the given parameters. */
  public static ParameterSchema of(ParameterSpec... specs) {
    return new ParameterSchema(List.of(specs));
  }

  /** A plugin without parameters. */
  public static ParameterSchema empty() {
    return EMPTY;
  }

  public List<ParameterSpec> specs() {
    return List.copyOf(specs.values());
  }

  public Optional<ParameterSpec> spec(String name) {
    return Optional.ofNullable(specs.get(name));
  }

  /**
   * Checks the values given in a run spec and fills in defaults.
   *
   * @param given parameter name to its text value
   * @throws IllegalArgumentException naming the first offending parameter and what is allowed
   */
  public PluginParameters resolve(Map<String, String> given) {
    for (String key : given.keySet()) {
      if (!specs.containsKey(key)) {
        throw new IllegalArgumentException(
            "unknown parameter '"
                + key
                + "'; allowed: "
                + (specs.isEmpty() ? "none" : String.join(", ", specs.keySet())));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParameterSpec spec : specs.values()) {
      String text = given.getOrDefault(spec.name(), spec.defaultValue());
      values.put(spec.name(), spec.parse(text));
    }
    return new PluginParameters(values);
  }

  /** The schema's defaults, as {@link #resolve} returns them for an empty map. */
  public PluginParameters defaults() {
    return resolve(Map.of());
  }
}
