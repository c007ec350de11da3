package io.kdas.runtime.data;

/**
 * A problem with the user's data (a missing folder, an unreadable image, an impossible
 * configuration) rather than a bug in KDAS.
 *
 * <p>The message is one line that names the offending file or entry and says what was expected,
 * so that the command line can print it as is, without a stack trace, and the user can fix the
 * data without reading KDAS code.
 */
public class DataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message is the single line shown to the user. */
  public DataException(String message) {
    super(message);
  }

  /** Creates an exception that keeps the low-level cause for the log, not for the user. */
  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
