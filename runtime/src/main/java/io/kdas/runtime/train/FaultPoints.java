package io.kdas.runtime.train;

/**
 * Named places where the resume tests stop a run: with {@code KDAS_PAUSE_AT=<name>:<n>} in the
 * environment, the n-th time the run reaches {@code name} it prints {@code kdas: paused at
 * <name> <n>} on standard error and waits there until it is killed. Without the variable (every
 * real run) reaching a point costs one comparison.
 */
public final class FaultPoints {

  private static final String SETTING = System.getenv("KDAS_PAUSE_AT");
  private static int reached;

  private FaultPoints() {}

  /** Marks that the run is at {@code name}; pauses there if the environment says so. */
  public static void reach(String name) {
    if (SETTING == null) {
      return;
    }
    int colon = SETTING.lastIndexOf(':');
    String wanted = colon < 0 ? SETTING : SETTING.substring(0, colon);
    int count = colon < 0 ? 1 : Integer.parseInt(SETTING.substring(colon + 1));
    if (!wanted.equals(name)) {
      return;
    }
    synchronized (FaultPoints.class) {
      reached++;
      if (reached != count) {
        return;
      }
    }
    System.err.println("kdas: paused at " + name + " " + count);
    System.err.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
