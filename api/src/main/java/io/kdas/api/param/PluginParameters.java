package io.kdas.api.param;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checked parameter values with defaults filled in, read by type. Immutable. */
public final class PluginParameters {

  private final Map<String, Object> values;

  PluginParameters(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public double number(String name) {
    return (Double) get(name);
  }

  public int integer(String name) {
    return (Integer) get(name);
  }

  public boolean bool(String name) {
    return (Boolean) get(name);
  }

  public String choice(String name) {
    return (String) get(name);
  }

  /** All values by name, in declaration order, for reports. */
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
