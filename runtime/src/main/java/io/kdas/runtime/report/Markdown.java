package io.kdas.runtime.report;

/**
 * The subset of Markdown that summary.md uses, as HTML: headings, pipe tables, fenced blocks and
 * paragraphs.
 */
final class Markdown {

  private Markdown() {}

  static String toHtml(String markdown) {
    StringBuilder b = new StringBuilder();
    boolean inTable = false;
    boolean header = false;
    boolean fenced = false;
    for (String line : markdown.lines().toList()) {
      if (line.startsWith("```")) {
        b.append(fenced ? "</pre>\n" : "<pre>");
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        b.append(RunReport.escape(line)).append('\n');
        continue;
      }
      if (line.startsWith("|")) {
        if (!inTable) {
          b.append("<table>\n");
          inTable = true;
          header = true;
        }
        String[] cells = line.substring(1, line.endsWith("|") ? line.length() - 1
            : line.length()).split("\\|", -1);
        if (cells.length > 0 && cells[0].trim().matches("-+")) {
          continue; // the separator row
        }
        b.append("<tr>");
        for (String cell : cells) {
          String tag = header ? "th" : "td";
          b.append('<').append(tag).append('>').append(RunReport.escape(cell.trim()))
              .append("</").append(tag).append('>');
        }
        b.append("</tr>\n");
        header = false;
        continue;
      }
      if (inTable) {
        b.append("</table>\n");
        inTable = false;
      }
      if (line.startsWith("## ")) {
        b.append("<h2>").append(RunReport.escape(line.substring(3))).append("</h2>\n");
      } else if (line.startsWith("# ")) {
        b.append("<h1>").append(RunReport.escape(line.substring(2))).append("</h1>\n");
      } else if (!line.isBlank()) {
        b.append("<p>").append(RunReport.escape(line)).append("</p>\n");
      }
    }
    if (inTable) {
      b.append("</table>\n");
    }
    if (fenced) {
      b.append("</pre>\n");
    }
    return b.toString();
  }
}
