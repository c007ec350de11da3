package io.kdas.runtime.run;

/** A reloaded SavedModel does not compute what the trained graph computed: the run fails. */
public final class ExportMismatchException extends RuntimeException {

  public ExportMismatchException(String message) {
    super(message);
  }
}
