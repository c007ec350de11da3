package io.kdas.runtime.spec;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The first field in which two specs differ, in field order, as a path and both values. */
public final class SpecDifference {

  private SpecDifference() {}

  /**
   * The first difference, e.g. {@code student[0].training.epochs: 3 before, 5 now}, or null if
   * the messages are equal.
   */
  public static String first(Message before, Message now) {
    return first(before, now, "");
  }

  private static String first(Message before, Message now, String prefix) {
    for (FieldDescriptor field : before.getDescriptorForType().getFields()) {
      String name = prefix.isEmpty() ? field.getName() : prefix + "." + field.getName();
      if (field.isMapField()) {
        // Maps compare by key: a printed spec lists entries sorted, a parsed one as written.
        Map<String, Object> a = entries(before, field);
        Map<String, Object> b = entries(now, field);
        if (!a.equals(b)) {
          Set<String> keys = new TreeSet<>(a.keySet());
          keys.addAll(b.keySet());
          for (String key : keys) {
            if (!java.util.Objects.equals(a.get(key), b.get(key))) {
              return name + "[" + shown(key) + "]: " + shownOrUnset(a.get(key)) + " before, "
                  + shownOrUnset(b.get(key)) + " now";
            }
          }
        }
        continue;
      }
      if (field.isRepeated()) {
        List<?> a = (List<?>) before.getField(field);
        List<?> b = (List<?>) now.getField(field);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          String d = compare(field, a.get(i), b.get(i), name + "[" + i + "]");
          if (d != null) {
            return d;
          }
        }
        if (a.size() != b.size()) {
          return name + ": " + a.size() + " entries before, " + b.size() + " now";
        }
        continue;
      }
      boolean hasA = field.hasPresence() ? before.hasField(field) : true;
      boolean hasB = field.hasPresence() ? now.hasField(field) : true;
      if (hasA != hasB && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        return name + ": " + (hasA ? "set" : "not set") + " before, " + (hasB ? "set" : "not set")
            + " now";
      }
      String d = compare(field, before.getField(field), now.getField(field), name);
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  private static String compare(FieldDescriptor field, Object a, Object b, String name) {
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      return first((Message) a, (Message) b, name);
    }
    if (a.equals(b)) {
      return null;
    }
    return name + ": " + shown(a) + " before, " + shown(b) + " now";
  }

  private static Map<String, Object> entries(Message message, FieldDescriptor field) {
    Map<String, Object> out = new TreeMap<>();
    for (Object entry : (List<?>) message.getField(field)) {
      Message e = (Message) entry;
      FieldDescriptor key = e.getDescriptorForType().findFieldByName("key");
      FieldDescriptor value = e.getDescriptorForType().findFieldByName("value");
      out.put(String.valueOf(e.getField(key)), e.getField(value));
    }
    return out;
  }

  private static String shownOrUnset(Object value) {
    return value == null ? "not set" : shown(value);
  }

  private static String shown(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
