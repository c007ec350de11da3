package io.kdas.api.param;

import java.util.List;
import java.util.Locale;

/**
 * One declared parameter. Build it with {@link #number}, {@link #integer}, {@link #bool} or {@link
 * #choice}. Immutable.
 *
 * @param name the key used in the run spec
 * @param type its value type
 * @param defaultValue the value used when the spec omits it, in the same text form as the spec
 * @param description one line for {@code kdas plugins} and error messages
 * @param choices the allowed words for {@link ParameterType#CHOICE}, otherwise empty
 * @param min the smallest allowed number (inclusive), for NUMBER and INTEGER
 * @param max the largest allowed number (inclusive), for NUMBER and INTEGER
 */
public record ParameterSpec(
    String name,
    ParameterType type,
    String defaultValue,
    String description,
    List<String> choices,
    double min,
    double max) {

  /**
   * Copies {@code choices}; only the factories check the values.
   *
   * @param name the key used in the run spec
   * @param type its value type
   * @param defaultValue the value used when the spec omits it, in text form
   * @param description one line
   * @param choices the allowed words for {@link ParameterType#CHOICE}, otherwise empty
   * @param min the smallest allowed number, for NUMBER and INTEGER
   * @param max the largest allowed number, for NUMBER and INTEGER
   */
  public ParameterSpec {
    choices = List.copyOf(choices);
  }

  /**
   * A number in [min, max].
   *
   * @param name the key used in the run spec
   * @param defaultValue the value when the spec omits it, in [min, max] (checked when defaults are
   *     resolved)
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @param description one line
   * @return the parameter
   */
  public static ParameterSpec number(
      String name, double defaultValue, double min, double max, String description) {
    return new ParameterSpec(
        name, ParameterType.NUMBER, format(defaultValue), description, List.of(), min, max);
  }

  /**
   * A whole number in [min, max].
   *
   * @param name the key used in the run spec
   * @param defaultValue the value when the spec omits it, in [min, max] (checked when defaults are
   *     resolved)
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @param description one line
   * @return the parameter
   */
  public static ParameterSpec integer(
      String name, int defaultValue, int min, int max, String description) {
    return new ParameterSpec(
        name, ParameterType.INTEGER, Integer.toString(defaultValue), description, List.of(), min,
        max);
  }

  /**
   * A boolean.
   *
   * @param name the key used in the run spec
   * @param defaultValue the value when the spec omits it
   * @param description one line
   * @return the parameter
   */
  public static ParameterSpec bool(String name, boolean defaultValue, String description) {
    return new ParameterSpec(
        name, ParameterType.BOOLEAN, Boolean.toString(defaultValue), description, List.of(), 0, 0);
  }

  /**
   * One of a fixed list of words.
   *
   * @param name the key used in the run spec
   * @param defaultValue the value when the spec omits it
   * @param choices the allowed words
   * @param description one line
   * @return the parameter
   * @throws IllegalArgumentException if the default is not one of the choices
   */
  public static ParameterSpec choice(
      String name, String defaultValue, List<String> choices, String description) {
    if (!choices.contains(defaultValue)) {
      throw new IllegalArgumentException(defaultValue + " is not one of " + choices);
    }
    return new ParameterSpec(
        name, ParameterType.CHOICE, defaultValue, description, choices, 0, 0);
  }

  /**
   * What values are allowed, in words, for error messages and {@code kdas plugins}.
   *
   * @return e.g. {@code a number in [0.05, 100]} or {@code one of mean-logits, most-confident}
   */
  public String allowed() {
    return switch (type) {
      case NUMBER -> "a number in [" + format(min) + ", " + format(max) + "]";
      case INTEGER -> "a whole number in [" + (long) min + ", " + (long) max + "]";
      case BOOLEAN -> "true or false";
      case CHOICE -> "one of " + String.join(", ", choices);
    };
  }

  /**
   * Parses and checks a value given in the spec (surrounding white space ignored).
   *
   * @param text the value as the spec gives it
   * @return the typed value (Double, Integer, Boolean or String)
   * @throws IllegalArgumentException with a message that names the parameter and says what is
   *     allowed
   */
  public Object parse(String text) {
    String value = text.trim();
    Object parsed =
        switch (type) {
          case NUMBER -> parseNumber(value);
          case INTEGER -> parseInteger(value);
          case BOOLEAN -> parseBoolean(value);
          case CHOICE -> choices.contains(value) ? value : null;
        };
    if (parsed == null) {
      throw new IllegalArgumentException(
          "'" + text + "' is not allowed for " + name + ": expected " + allowed());
    }
    return parsed;
  }

  private Double parseNumber(String value) {
    try {
      double d = Double.parseDouble(value);
      return Double.isFinite(d) && d >= min && d <= max ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Integer parseInteger(String value) {
    try {
      int i = Integer.parseInt(value);
      return i >= min && i <= max ? i : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Boolean parseBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
