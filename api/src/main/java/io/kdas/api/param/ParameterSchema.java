package io.kdas.api.param;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters a plugin accepts, in declaration order. Immutable, so a descriptor can build it
 * once and return it from every {@code parameters()} call.
 */
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

  /**
   * A schema of the given parameters.
   *
   * @param specs the parameters, in the order {@code kdas plugins} lists them
   * @return the schema
   * @throws IllegalArgumentException if two parameters have the same name
   */
  public static ParameterSchema of(ParameterSpec... specs) {
    return new ParameterSchema(List.of(specs));
  }

  /**
   * A plugin without parameters.
   *
   * @return the empty schema
   */
  public static ParameterSchema empty() {
    return EMPTY;
  }

  /**
   * The declared parameters.
   *
   * @return the parameters, in declaration order
   */
  public List<ParameterSpec> specs() {
    return List.copyOf(specs.values());
  }

  /**
   * One declared parameter.
   *
   * @param name the parameter's name
   * @return the parameter, or empty if none has this name
   */
  public Optional<ParameterSpec> spec(String name) {
    return Optional.ofNullable(specs.get(name));
  }

  /**
   * Checks the values given in a run spec and fills in defaults.
   *
   * @param given parameter name to its text value
   * @return the typed values of every declared parameter
   * @throws IllegalArgumentException naming the first unknown or offending parameter and what is
   *     allowed
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

  /**
   * The schema's defaults, as {@link #resolve} returns them for an empty map.
   *
   * @return the typed defaults
   * @throws IllegalArgumentException if a default is not allowed by its own parameter
   */
  public PluginParameters defaults() {
    return resolve(Map.of());
  }
}
