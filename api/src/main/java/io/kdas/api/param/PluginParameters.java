package io.kdas.api.param;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checked parameter values with defaults filled in, read by type. Immutable. Every declared
 * parameter has a value; read each with the getter of its {@link ParameterType}.
 */
public final class PluginParameters {

  private final Map<String, Object> values;

  PluginParameters(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * A {@link ParameterType#NUMBER} value.
   *
   * @param name the parameter's name
   * @return its value
   * @throws IllegalArgumentException if no parameter has this name
   * @throws ClassCastException if the parameter has another type
   */
  public double number(String name) {
    return (Double) get(name);
  }

  /**
   * An {@link ParameterType#INTEGER} value.
   *
   * @param name the parameter's name
   * @return its value
   * @throws IllegalArgumentException if no parameter has this name
   * @throws ClassCastException if the parameter has another type
   */
  public int integer(String name) {
    return (Integer) get(name);
  }

  /**
   * A {@link ParameterType#BOOLEAN} value.
   *
   * @param name the parameter's name
   * @return its value
   * @throws IllegalArgumentException if no parameter has this name
   * @throws ClassCastException if the parameter has another type
   */
  public boolean bool(String name) {
    return (Boolean) get(name);
  }

  /**
   * A {@link ParameterType#CHOICE} value.
   *
   * @param name the parameter's name
   * @return the chosen word
   * @throws IllegalArgumentException if no parameter has this name
   * @throws ClassCastException if the parameter has another type
   */
  public String choice(String name) {
    return (String) get(name);
  }

  /**
   * All values by name, for reports.
   *
   * @return an unmodifiable map in declaration order
   */
  public Map<String, Object> asMap() {
    return values;
  }

  private Object get(String name) {
    Object value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no parameter '" + name + "' in " + values.keySet());
    }
    return value;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
