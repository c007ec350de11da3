package io.kdas.runtime.spec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * A path to a field of a spec, such as {@code student[1].loss.name}: what errors print and what
 * {@link SpecSource#locate} resolves to a line and column.
 */
public final class FieldPath {

  /** One step: a field and, for repeated fields, the element index (-1 otherwise). */
  public record Step(FieldDescriptor field, int index) {}

  private final Descriptor type;
  private final List<Step> steps;

  private FieldPath(Descriptor type, List<Step> steps) {
    this.type = type;
    this.steps = steps;
  }

  /** The empty path of a message type. */
  public static FieldPath root(Descriptor type) {
    return new FieldPath(type, List.of());
  }

  /** This path extended by a field of the message it points at. */
  public FieldPath field(String name) {
    return append(name, -1);
  }

  /** This path extended by one element of a repeated field. */
  public FieldPath element(String name, int index) {
    return append(name, index);
  }

  public List<Step> steps() {
    return steps;
  }

  private FieldPath append(String name, int index) {
    Descriptor current = steps.isEmpty() ? type : steps.get(steps.size() - 1).field()
        .getMessageType();
    FieldDescriptor f = current.findFieldByName(name);
    if (f == null) {
      throw new IllegalArgumentException(current.getName() + " has no field " + name);
    }
    List<Step> next = new ArrayList<>(steps);
    next.add(new Step(f, index));
    return new FieldPath(type, List.copyOf(next));
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Step s : steps) {
      if (!b.isEmpty()) {
        b.append('.');
      }
      b.append(s.field().getName());
      if (s.index() >= 0) {
        b.append('[').append(s.index()).append(']');
      }
    }
    return b.toString();
  }
}
