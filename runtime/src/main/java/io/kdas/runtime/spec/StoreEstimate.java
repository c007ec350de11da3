package io.kdas.runtime.spec;

import io.kdas.runtime.teacher.TeacherLogitStore;
import java.util.Locale;

/**
 * The size of a run's teacher prediction store (training examples x stored views x teachers x
 * classes floats), known before anything is trained, and where it will live: on the heap while it
 * takes at most a quarter of it, otherwise in a memory-mapped file in the run directory, written
 * once more beside the teachers when the run ends.
 *
 * @param examples training examples (an upper bound when only {@code train_limit} tells), or -1
 *     when only the data can tell (an archive is not counted before the run)
 * @param views stored views per example ({@code data.teacher_views})
 * @param teachers the number of teachers
 * @param classes the number of classes, or -1 when only the data can tell
 * @param maxHeap the bytes the heap may grow to
 */
public record StoreEstimate(long examples, int views, int teachers, int classes, long maxHeap) {

  /** Whether the source's size is known before loading it. */
  public boolean known() {
    return examples >= 0 && classes >= 0;
  }

  public long bytes() {
    return 4L * examples * views * teachers * classes;
  }

  /** Whether the store will be kept in a memory-mapped file rather than on the heap. */
  public boolean mapped() {
    return bytes() > TeacherLogitStore.heapBudget(maxHeap);
  }

  /** Disk bytes the run will write for it: the mapped file (if any) and the saved copy. */
  public long diskBytes() {
    return mapped() ? 2 * bytes() : bytes();
  }

  /** One line for {@code --validate-only}. */
  public String describe() {
    if (!known()) {
      return String.format(Locale.ROOT, "teacher prediction store: %d views x %d teachers x 4 "
          + "bytes per training example and class, sized when the data is read (the source's "
          + "size is not known before it is loaded)", views, teachers);
    }
    return String.format(Locale.ROOT, "teacher prediction store: %,d examples x %d views x %d "
            + "teachers x %d classes x 4 bytes = %s, %s", examples, views, teachers, classes,
        size(bytes()), mapped() ? "in a memory-mapped file in the run directory (more than a "
            + "quarter of the " + size(maxHeap) + " heap; the operating system pages it)"
            : "on the heap (" + size(maxHeap) + " at most)");
  }

  static String size(long bytes) {
    return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%,d MB", Math.max(1, bytes >> 20));
  }
}
