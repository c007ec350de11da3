package io.kdas.runtime.run;

import io.kdas.runtime.model.FixedAddOns;
import io.kdas.runtime.report.ParetoFront;
import io.kdas.runtime.search.Trial;
import io.kdas.runtime.spec.RunPlan;
import java.util.ArrayList;
import java.util.List;

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
    int n = plan.spec().getSearch().getParetoExports();
    if (n == 0 || outcome == null) {
      return List.of();
    }
    RunPlan.Student template = plan.students().stream().filter(RunPlan.Student::searched)
        .findFirst().orElseThrow();
    String best = Trial.describe(outcome.architecture());
    List<Trial> others = outcome.scored().stream()
        .filter(t -> !Trial.describe(t.architecture()).equals(best)).toList();
    List<Trial> picked = ParetoFront.spread(ParetoFront.of(others, t -> t.cost().bytes(),
        t -> t.result().accuracy()), n);
    List<RunPlan.Student> students = new ArrayList<>();
    for (int k = 0; k < picked.size(); k++) {
      students.add(new RunPlan.Student(template.spec().toBuilder().setName("pareto-" + (k + 1))
          .clearAddOns().build(), template.loss(),
          new FixedAddOns(picked.get(k).architecture(), outcome.plan().operations())));
    }
    return students;
  }
}
