package io.kdas.runtime.run;

import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.model.Architectures;
import io.kdas.runtime.search.Trial;
import io.kdas.runtime.train.Accuracy;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable summary.md of a run, rewritten after every stage. */
final class RunSummary {

  private RunSummary() {}

  /** The search's section: budget, how many children, time, and the best architectures. */
  static String search(SearchStage.Outcome found, io.kdas.proto.SearchSpec spec) {
    StringBuilder b = new StringBuilder("## Architecture search\n\n");
    b.append(String.format(Locale.ROOT, "Strategy %s: %s, in %s, budget %s. Rewards are "
            + "validation accuracy (held out of the training split). Every trial: "
            + "search/trials.csv; progress: search/progress.csv.%n%n",
        spec.getStrategy().getName(), found.counts(),
        io.kdas.runtime.train.ProgressLog.clock(found.seconds()),
        new io.kdas.runtime.search.MemoryBudget(spec.getBudget()).describe()));
    b.append("| rank | architecture | reward | validation top-1 | parameters | bytes | MACs |\n"
        + "|---|---|---|---|---|---|---|\n");
    int rank = 1;
    for (var t : found.best()) {
      b.append(String.format(Locale.ROOT, "| %d | %s | %.4f | %.4f | %,d | %,d | %,d |%n",
          rank++, Architectures.describe(t.architecture()), t.result().reward(),
          t.result().accuracy(), t.cost().parameters(), t.cost().bytes(), t.cost().flops()));
    }
    return b.append('\n').toString();
  }

  /**
   * The students trained from searched architectures (the best one, and the accuracy/size front's
   * {@code pareto-K}): each one's add-on layers, its size, its validation top-1 in the search and
   * its test top-1 once trained, smallest first, so a user can pick the model that fits.
   */
  static String searchedStudents(Map<String, Trial> trials, List<StudentResult> students) {
    if (trials.size() < 2) {
      return ""; // one searched student: the students table and the search's ranking say it all
    }
    StringBuilder b = new StringBuilder("## Searched architectures trained as students\n\n"
        + "| student | architecture | parameters | bytes | MACs | validation top-1 (search) "
        + "| test top-1 |\n|---|---|---|---|---|---|---|\n");
    trials.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, Trial> e) -> e.getValue().cost()
            .bytes()).thenComparing(Map.Entry::getKey))
        .forEach(e -> {
          Trial t = e.getValue();
          String test = students.stream().filter(s -> s.name().equals(e.getKey())).findFirst()
              .map(s -> String.format(Locale.ROOT, "%.4f", s.test().top1())).orElse("training");
          b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %.4f | %s |%n",
              e.getKey(), Architectures.describe(t.architecture()), t.cost().parameters(),
              t.cost().bytes(), t.cost().flops(), t.result().accuracy(), test));
        });
    return b.append('\n').toString();
  }

  /** Whether the run in {@code runDir} finished (its summary says so). */
  static boolean isFinished(java.nio.file.Path runDir) {
    try {
      return java.nio.file.Files.readString(runDir.resolve("summary.md"))
          .contains("\nStatus: finished\n");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static String markdown(String name, String provenance, Dataset data,
      TeacherStage.Teachers teachers, List<StudentResult> students, String status,
      String sections, Map<String, Trial> searched) {
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
    b.append(sections); // the teachers' agreement, the search
    if (!students.isEmpty()) {
      b.append("## Students (test split)\n\n| student | model | loss | top-1 | top-5 | parameters"
          + " | model bytes | train time | export |\n|---|---|---|---|---|---|---|---|---|\n");
      for (StudentResult s : students) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %.4f | %.4f | %,d | %,d | %s | %s |%n",
            s.name(), s.model(), s.loss(), s.params().isEmpty() ? "" : s.params(),
            s.test().top1(), s.test().top5(), s.parameters(), s.modelBytes(),
            io.kdas.runtime.train.ProgressLog.clock(s.trainSeconds()),
            s.export() == null ? "off" : String.format(Locale.ROOT, "%s (reloaded and checked: max logit difference %.1g)",
                s.export().getParent().getFileName() + "/saved_model",
                s.exportMaxLogitDifference())));
      }
      b.append('\n');
    }
    b.append(searchedStudents(searched, students));
    b.append("Per-epoch metrics: metrics.csv. Resolved spec: resolved-spec.textproto.\n\n");
    b.append("## Provenance\n\n```\n").append(provenance).append("```\n");
    return b.toString();
  }
}
