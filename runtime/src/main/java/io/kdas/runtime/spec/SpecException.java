package io.kdas.runtime.spec;

/**
 * A run spec is wrong. The message is one line: {@code file:line:column: field: problem; allowed}.
 */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpecException(String message) {
    super(message);
  }
}
