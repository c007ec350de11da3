package io.kdas.runtime.report;

import java.util.ArrayList;
import java.util.List;

/** The rows of the run's CSV files (header skipped), with double-quoted fields. */
final class Csv {

  private Csv() {}

  static List<String[]> rows(String text) {
    List<String[]> rows = new ArrayList<>();
    text.lines().skip(1).filter(l -> !l.isBlank()).forEach(l -> rows.add(fields(l)));
    return rows;
  }

  static String[] fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    out.add(field.toString());
    return out.toArray(String[]::new);
  }
}
