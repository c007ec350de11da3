package io.kdas.api.param;

/** The value types a plugin parameter can have. */
public enum ParameterType {
  /** A finite decimal number. */
  NUMBER,
  /** A whole number (32-bit). */
  INTEGER,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** One of a fixed list of words. */
  CHOICE
}
