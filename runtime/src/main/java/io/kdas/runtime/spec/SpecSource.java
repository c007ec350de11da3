package io.kdas.runtime.spec;

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
      throw new SpecException(file + ":" + e.getLine() + ":" + e.getColumn() + ": "
          + explain(stripPosition(e.getMessage())));
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
