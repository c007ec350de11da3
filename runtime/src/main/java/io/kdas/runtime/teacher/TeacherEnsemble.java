package io.kdas.runtime.teacher;

import io.kdas.runtime.data.ImageSplit;
import io.kdas.runtime.data.pipeline.BatchStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.ConfigProto;

/** K teachers run side by side; logits are laid out [example, teacher, class]. */
public final class TeacherEnsemble implements AutoCloseable {

  private final List<SavedModelTeacher> teachers;
  private final int classes;

  public TeacherEnsemble(List<SavedModelTeacher> teachers) {
    if (teachers.isEmpty()) {
      throw new IllegalArgumentException("a teacher ensemble needs at least one teacher");
    }
    this.teachers = List.copyOf(teachers);
    this.classes = teachers.get(0).classes();
    for (SavedModelTeacher t : teachers) {
      if (t.classes() != classes) {
        throw new IllegalArgumentException("teacher " + t.name() + " has " + t.classes()
            + " classes, teacher " + teachers.get(0).name() + " has " + classes);
      }
    }
  }

  /** Loads teacher-1..k from SavedModels; closes what it loaded if one of them fails. */
  public static TeacherEnsemble load(List<Path> paths, ConfigProto session) {
    List<SavedModelTeacher> teachers = new ArrayList<>();
    try {
      for (int k = 0; k < paths.size(); k++) {
        teachers.add(new SavedModelTeacher("teacher-" + (k + 1), paths.get(k), session));
      }
      return new TeacherEnsemble(teachers);
    } catch (RuntimeException e) {
      teachers.forEach(SavedModelTeacher::close);
      throw e;
    }
  }

  public int size() {
    return teachers.size();
  }

  public int classes() {
    return classes;
  }

  public List<SavedModelTeacher> teachers() {
    return teachers;
  }

  /**
   * Logits of {@code count} images into {@code out} [count, teachers, classes] from offset 0.
   *
   * @param scratch at least count * classes floats
   */
  public void logits(float[] images, int count, int height, int width, float[] out,
      float[] scratch) {
    int k = teachers.size();
    for (int t = 0; t < k; t++) {
      teachers.get(t).logits(images, count, height, width, scratch, 0);
      for (int i = 0; i < count; i++) {
        System.arraycopy(scratch, i * classes, out, (i * k + t) * classes, classes);
      }
    }
  }

  /** Logits [n, teachers, classes] of a whole split without augmentation. */
  public float[] logits(ImageSplit split, int batchSize) {
    int k = teachers.size();
    float[] out = new float[split.size() * k * classes];
    float[] scratch = new float[batchSize * classes];
    float[] chunk = new float[batchSize * k * classes];
    BatchStream.forEachEvalBatch(split, batchSize, (first, pixels, labels, count) -> {
      logits(pixels, count, split.height(), split.width(), chunk, scratch);
      System.arraycopy(chunk, 0, out, first * k * classes, count * k * classes);
    });
    return out;
  }

  @Override
  public void close() {
    teachers.forEach(SavedModelTeacher::close);
  }
}
