package io.kdas.runtime.run;

import io.kdas.runtime.model.Architectures;
import io.kdas.runtime.model.FixedAddOns;
import io.kdas.runtime.report.ParetoFront;
import io.kdas.runtime.search.Trial;
import io.kdas.runtime.spec.RunPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The students of {@code search { pareto_exports: N }}: N architectures from the front of
 * validation accuracy against model bytes (the best one apart, which the searched student
 * already trains), spread across sizes, each trained as {@code pareto-K} with the first searched
 * student's loss and schedule. A function of the plan and the search's outcome, so the driver and
 * a worker rebuilding a job derive the same students.
 */
final class ParetoStudents {

  private ParetoStudents() {}

  static List<RunPlan.Student> of(RunPlan plan, SearchStage.Outcome outcome) {
    Map<String, Trial> picked = picked(plan, outcome);
    if (picked.isEmpty()) {
      return List.of();
    }
    RunPlan.Student template = plan.students().stream().filter(RunPlan.Student::searched)
        .findFirst().orElseThrow();
    List<RunPlan.Student> students = new ArrayList<>();
    picked.forEach((name, trial) -> students.add(new RunPlan.Student(template.spec().toBuilder()
        .setName(name).clearAddOns().build(), template.loss(),
        new FixedAddOns(trial.architecture(), outcome.plan().operations()))));
    return students;
  }

  /**
   * Every student trained from a searched architecture, by name, with the trial it comes from:
   * the searched students (the best architecture) and the {@code pareto-K} ones.
   */
  static Map<String, Trial> searchedTrials(RunPlan plan, SearchStage.Outcome outcome) {
    Map<String, Trial> trials = new LinkedHashMap<>();
    if (outcome == null) {
      return trials;
    }
    plan.students().stream().filter(RunPlan.Student::searched)
        .forEach(s -> trials.put(s.spec().getName(), outcome.best().get(0)));
    trials.putAll(picked(plan, outcome));
    return trials;
  }

  /** The front's trials to export, smallest first, named {@code pareto-1}, {@code pareto-2}... */
  private static Map<String, Trial> picked(RunPlan plan, SearchStage.Outcome outcome) {
    int n = plan.spec().getSearch().getParetoExports();
    Map<String, Trial> named = new LinkedHashMap<>();
    if (n == 0 || outcome == null) {
      return named;
    }
    String best = Architectures.describe(outcome.architecture());
    List<Trial> others = outcome.scored().stream()
        .filter(t -> !Architectures.describe(t.architecture()).equals(best)).toList();
    List<Trial> picked = ParetoFront.spread(ParetoFront.of(others, t -> t.cost().bytes(),
        t -> t.result().accuracy()), n);
    for (int k = 0; k < picked.size(); k++) {
      named.put("pareto-" + (k + 1), picked.get(k));
    }
    return named;
  }
}
