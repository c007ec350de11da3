package io.kdas.runtime.spec;

import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.RunSpec;
import io.kdas.proto.StudentSpec;
import io.kdas.runtime.model.FixedAddOns;
import io.kdas.runtime.search.SearchPlan;
import java.util.List;

/**
 * A validated run: the resolved spec and what validation worked out on the way, built once by
 * {@link SpecValidator#validate()} and handed to the stages, so that no stage creates a loss,
 * loads an operation or decides whether teachers are needed again.
 *
 * @param spec the resolved spec (defaults written out, plugin parameters completed)
 * @param students one per {@code student}, in spec order
 * @param search the search of the run, or null when no student is searched
 * @param needsTeachers whether any loss of the run (a student's or the search's) reads teachers
 * @param store the teacher prediction store the run will fill, or null if it stores none (or
 *     its size is known only once the data is loaded)
 */
public record RunPlan(RunSpec spec, List<Student> students, Search search, boolean needsTeachers,
    StoreEstimate store) {

  public RunPlan {
    students = List.copyOf(students);
  }

  /**
   * One student.
   *
   * @param loss its loss, created and probed once
   * @param given the add-on layers of its {@code architecture_file} with their loaded
   *     operations, or null (the plain backbone, or the search's best when {@link #searched})
   */
  public record Student(StudentSpec spec, DistillationLoss loss, FixedAddOns given) {

    public String name() {
      return spec.getName();
    }

    /** Whether it trains the search's best architecture. */
    public boolean searched() {
      return spec.getSearched();
    }
  }

  /**
   * The search.
   *
   * @param space the backbone, add-on positions and loaded candidate operations
   * @param loss the loss children are trained and scored with
   */
  public record Search(SearchPlan space, DistillationLoss loss) {}

  public boolean needsSearch() {
    return search != null;
  }
}
