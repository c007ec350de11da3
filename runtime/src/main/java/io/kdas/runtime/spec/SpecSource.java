package io.kdas.runtime.spec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.TextFormat;
import com.google.protobuf.TextFormatParseInfoTree;
import com.google.protobuf.TextFormatParseLocation;
import io.kdas.proto.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run spec as parsed from a text file, with the positions of its fields, so that errors found
 * later can point at the line and column where the offending value was written.
 */
public final class SpecSource {

  /** Protobuf's two wordings of an unknown field: "has no field named" and "unknown fields". */
  private static final Pattern GIVEN_TWICE =
      Pattern.compile("Non-repeated field \"([\\w.]+)\" cannot be overwritten");
  private static final Pattern UNKNOWN_FIELD = Pattern.compile(
      "Message type \"([\\w.]+)\" has no field named \"(\\w+)\"|\\bkdas\\.(\\w+)\\.(\\w+)$");

  /** Protobuf's words for an enum value it does not know, and for one written in quotes. */
  private static final Pattern UNKNOWN_VALUE =
      Pattern.compile("Enum type \"([\\w.]+)\" has no value named \"([^\"]*)\"");
  private static final Pattern QUOTED_VALUE =
      Pattern.compile("Expected identifier\\. Found '\"([^\"]*)\"'");
  private static final Pattern TWO_ALTERNATIVES = Pattern.compile("Field \"[\\w.]*\\.(\\w+)\" is "
      + "specified along with field \"[\\w.]*\\.(\\w+)\", another member of oneof \"(\\w+)\"");
  private static final Pattern FIELD_BEFORE = Pattern.compile("(\\w+)\\s*:\\s*$");

  private final String file;
  private final String text;
  private final RunSpec spec;
  private final TextFormatParseInfoTree positions;

  private SpecSource(String file, String text, RunSpec spec, TextFormatParseInfoTree positions) {
    this.file = file;
    this.text = text;
    this.spec = spec;
    this.positions = positions;
  }

  /**
   * Reads and parses a spec file.
   *
   * @throws SpecException if the file is missing or not valid text format for {@link RunSpec}
   */
  public static SpecSource read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new SpecException(path + ": no such file");
    } catch (IOException e) {
      throw new SpecException(path + ": cannot read: " + e.getMessage());
    }
    return parse(path.toString(), text);
  }

  /** Parses spec text; {@code file} names it in errors. */
  public static SpecSource parse(String file, String text) {
    TextFormatParseInfoTree.Builder tree = TextFormatParseInfoTree.builder();
    RunSpec.Builder builder = RunSpec.newBuilder();
    try {
      // A non-repeated field given twice is a mistake (the last value would win silently).
      TextFormat.Parser.newBuilder().setParseInfoTreeBuilder(tree)
          .setSingularOverwritePolicy(
              TextFormat.Parser.SingularOverwritePolicy.FORBID_SINGULAR_OVERWRITES)
          .build().merge(text, builder);
    } catch (TextFormat.ParseException e) {
      String message = stripPosition(e.getMessage());
      String enumProblem = explainValue(message, fieldBefore(text, e.getLine(), e.getColumn()));
      throw new SpecException(file + ":" + e.getLine() + ":" + e.getColumn() + ": "
          + (enumProblem != null ? enumProblem : explain(message)));
    }
    return new SpecSource(file, text, builder.build(), tree.build());
  }

  public RunSpec spec() {
    return spec;
  }

  /** The same file and positions with a changed spec (e.g. a command-line override). */
  public SpecSource withSpec(RunSpec changed) {
    return new SpecSource(file, text, changed, positions);
  }

  public String file() {
    return file;
  }

  /** The text as written, for the run directory. */
  public String text() {
    return text;
  }

  /**
   * {@code file:line:column} of the deepest field of {@code path} that was written in the file
   * (or just {@code file} when none was).
   */
  public String locate(FieldPath path) {
    TextFormatParseInfoTree tree = positions;
    TextFormatParseLocation found = null;
    for (FieldPath.Step step : path.steps()) {
      FieldDescriptor field = step.field();
      int index = Math.max(0, step.index());
      if (tree == null || tree.getLocations(field).size() <= index) {
        break;
      }
      found = tree.getLocation(field, index);
      tree = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && tree.getNestedTrees(field).size() > index ? tree.getNestedTree(field, index) : null;
    }
    // Parse-info positions are 0-based; editors and ParseException count from 1.
    return found == null ? file
        : file + ":" + (found.getLine() + 1) + ":" + (found.getColumn() + 1);
  }

  /**
   * Names the allowed values when an enum field (e.g. {@code device}) is given an unknown value
   * or a quoted one; null for any other problem.
   */
  private static String explainValue(String message, String field) {
    Matcher unknown = UNKNOWN_VALUE.matcher(message);
    Matcher quoted = QUOTED_VALUE.matcher(message);
    EnumDescriptor type;
    String problem;
    if (unknown.find()) {
      type = enumFields().map(FieldDescriptor::getEnumType)
          .filter(t -> t.getFullName().equals(unknown.group(1))).findFirst().orElse(null);
      problem = "'" + unknown.group(2) + "' is not allowed";
    } else if (quoted.find() && field != null) {
      type = enumFields().filter(f -> f.getName().equals(field))
          .map(FieldDescriptor::getEnumType).findFirst().orElse(null);
      problem = "\"" + quoted.group(1) + "\" is quoted; write the value's name without quotes";
    } else {
      return null;
    }
    if (type == null) {
      return null;
    }
    return (field != null ? field + ": " : "") + problem + "; allowed: " + String.join(", ",
        type.getValues().stream().map(EnumValueDescriptor::getName).toList());
  }

  /** The field name written just before a 1-based line and column ("mode: |SOFT"), or null. */
  private static String fieldBefore(String text, int line, int column) {
    String[] lines = text.split("\n", -1);
    if (line < 1 || line > lines.length) {
      return null;
    }
    String before = lines[line - 1].substring(0, Math.min(Math.max(column - 1, 0),
        lines[line - 1].length()));
    Matcher m = FIELD_BEFORE.matcher(before);
    return m.find() ? m.group(1) : null;
  }

  private static java.util.stream.Stream<Descriptor> allTypes() {
    return java.util.stream.Stream.of(RunSpec.getDescriptor().getFile(),
            io.kdas.proto.Architecture.getDescriptor().getFile())
        .flatMap(f -> f.getMessageTypes().stream()).flatMap(SpecSource::withNested);
  }

  private static java.util.stream.Stream<Descriptor> withNested(Descriptor type) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(type),
        type.getNestedTypes().stream().flatMap(SpecSource::withNested));
  }

  private static java.util.stream.Stream<FieldDescriptor> enumFields() {
    return allTypes().flatMap(m -> m.getFields().stream())
        .filter(f -> f.getJavaType() == FieldDescriptor.JavaType.ENUM);
  }

  private static com.google.protobuf.Descriptors.Descriptor findType(String name) {
    for (var file : java.util.List.of(RunSpec.getDescriptor().getFile(),
        io.kdas.proto.Architecture.getDescriptor().getFile())) {
      var type = file.findMessageTypeByName(name);
      if (type != null) {
        return type;
      }
    }
    return null;
  }

  private static String stripPosition(String message) {
    return message.replaceFirst("^\\d+:\\d+: ", "");
  }

  /** Adds the allowed field names to protobuf's "no field named" message. */
  private static String explain(String message) {
    Matcher twice = GIVEN_TWICE.matcher(message);
    if (twice.find()) {
      String name = twice.group(1);
      int dot = name.lastIndexOf('.');
      String type = name.substring(0, dot);
      return "'" + name.substring(dot + 1) + "' is given twice in "
          + type.substring(type.lastIndexOf('.') + 1) + "; it takes one value (only repeated "
          + "fields may appear more than once)";
    }
    Matcher alternatives = TWO_ALTERNATIVES.matcher(message);
    if (alternatives.find()) {
      return "'" + alternatives.group(2) + "' and '" + alternatives.group(1) + "' are "
          + "alternatives (" + alternatives.group(3) + "); give one of them";
    }
    Matcher m = UNKNOWN_FIELD.matcher(message);
    if (!m.find()) {
      return message;
    }
    String typeName = m.group(1) != null ? m.group(1) : m.group(3);
    String field = m.group(1) != null ? m.group(2) : m.group(4);
    var type = findType(typeName.substring(typeName.lastIndexOf('.') + 1));
    if (type == null) {
      return message;
    }
    return "unknown field '" + field + "' in " + type.getName() + "; allowed: "
        + String.join(", ", type.getFields().stream().map(FieldDescriptor::getName).toList());
  }
}
