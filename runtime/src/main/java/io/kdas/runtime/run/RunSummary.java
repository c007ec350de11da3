package io.kdas.runtime.run;

import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.train.Accuracy;
import java.util.List;
import java.util.Locale;

/** The human-readable summary.md of a run, rewritten after every stage. */
final class RunSummary {

  private RunSummary() {}

  static String markdown(String name, String provenance, Dataset data,
      TeacherStage.Teachers teachers, List<StudentResult> students, String status) {
    StringBuilder b = new StringBuilder();
    b.append("# KDAS run ").append(name).append("\n\n");
    b.append("Status: ").append(status).append("\n\n");
    b.append("Data: ").append(data.identity()).append(" — ").append(data.classes())
        .append(" classes, ").append(data.train().size()).append(" training and ")
        .append(data.test().size()).append(" test images of ").append(data.train().height())
        .append("x").append(data.train().width()).append("\n\n");
    if (teachers != null) {
      b.append("## Teachers (test split)\n\n| teacher | origin | top-1 | top-5 |\n|---|---|---|---|\n");
      for (int k = 0; k < teachers.report().teachers().size(); k++) {
        Accuracy a = teachers.report().teachers().get(k);
        b.append(String.format(Locale.ROOT, "| teacher-%d | %s | %.4f | %.4f |%n", k + 1,
            teachers.origins().get(k), a.top1(), a.top5()));
      }
      Accuracy e = teachers.report().ensemble();
      b.append(String.format(Locale.ROOT, "| ensemble (mean of probabilities) | | %.4f | %.4f |%n",
          e.top1(), e.top5()));
      b.append(String.format(Locale.ROOT, "| oracle (any teacher right) | | %.4f | |%n%n",
          teachers.report().oracleTop1()));
    }
    if (!students.isEmpty()) {
      b.append("## Students (test split)\n\n| student | model | loss | top-1 | top-5 | parameters"
          + " | model bytes | train time | export |\n|---|---|---|---|---|---|---|---|---|\n");
      for (StudentResult s : students) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %.4f | %.4f | %,d | %,d | %s | %s |%n",
            s.name(), s.model(), s.loss(), s.params().isEmpty() ? "" : s.params(),
            s.test().top1(), s.test().top5(), s.parameters(), s.modelBytes(),
            io.kdas.runtime.train.ProgressLog.clock(s.trainSeconds()),
            s.export() == null ? "off" : String.format(Locale.ROOT, "%s (reloaded, max logit difference %.1g)",
                s.export().getParent().getFileName() + "/saved_model",
                s.exportMaxLogitDifference())));
      }
      b.append('\n');
    }
    b.append("Per-epoch metrics: metrics.csv. Resolved spec: resolved-spec.textproto.\n\n");
    b.append("## Provenance\n\n```\n").append(provenance).append("```\n");
    return b.toString();
  }
}
