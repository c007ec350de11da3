package io.kdas.runtime.cli;

import io.kdas.proto.RunSpec;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.run.DataStage;
import io.kdas.runtime.run.RunSpecs;
import io.kdas.runtime.train.SessionConfig;
import io.kdas.runtime.spec.SpecException;
import io.kdas.runtime.teacher.AccuracyByAgreement;
import io.kdas.runtime.teacher.SavedModelTeacher;
import io.kdas.runtime.teacher.TeacherEnsemble;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tensorflow.proto.ConfigProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kdas agreement RUN_DIR}: the test top-1 of a finished run's teachers, their ensemble and
 * its exported students on the test examples grouped by how many teachers classify them right.
 */
@Command(name = "agreement", mixinStandardHelpOptions = true,
    description = "Score a run's teachers, their ensemble and its exported students on the test "
        + "examples grouped by how many teachers classify them right (where oracle KD and "
        + "ensemble KD differ); prints the table and writes RUN_DIR/agreement.md.")
final class AgreementCommand implements Callable<Integer> {

  private static final int BATCH = 250;

  @Parameters(paramLabel = "RUN_DIR", description = "a finished run folder (runs/<name>-<time>)")
  Path run;

  @Option(names = "--debug", description = "print stack traces of unexpected failures")
  boolean debug;

  @Override
  public Integer call() throws IOException {
    Path resolved = run.resolve("resolved-spec.textproto");
    if (!Files.isRegularFile(resolved)) {
      throw new SpecException(run + " is not a run folder (no resolved-spec.textproto)");
    }
    RunSpec spec = RunSpecs.read(resolved);
    List<Path> teachers = teacherPaths(spec);
    Map<String, Path> students = studentExports(spec);
    Dataset data = new DataStage(spec).load();
    ConfigProto session = SessionConfig.of(spec.getDevice());
    float[] teacherLogits;
    try (TeacherEnsemble ensemble = TeacherEnsemble.load(teachers, session)) {
      teacherLogits = ensemble.logits(data.test(), BATCH);
    }
    Map<String, float[]> studentLogits = new LinkedHashMap<>();
    // A student is scored as an ensemble of one: its logits [n, 1, classes] are [n, classes].
    for (Map.Entry<String, Path> s : students.entrySet()) {
      try (TeacherEnsemble one = new TeacherEnsemble(
          List.of(new SavedModelTeacher(s.getKey(), s.getValue(), session)))) {
        studentLogits.put(s.getKey(), one.logits(data.test(), BATCH));
      }
    }
    AccuracyByAgreement table = AccuracyByAgreement.of(teacherLogits, teachers.size(),
        data.test().labels(), data.classes(), studentLogits);
    String text = String.format("# Test top-1 by the teachers' agreement: %s%n%n"
        + "Columns group the %,d test examples by how many of the %d teachers classify them "
        + "right.%n%n%s", run.getFileName(), data.test().size(), teachers.size(),
        table.markdown());
    Path out = run.resolve("agreement.md");
    Files.writeString(out, text, StandardCharsets.UTF_8);
    System.out.print(text);
    System.out.println();
    System.out.println("written to " + out);
    return 0;
  }

  /** The teachers the run loaded (paths as given to it) or trained (in its teachers folder). */
  private List<Path> teacherPaths(RunSpec spec) {
    List<Path> paths = new ArrayList<>();
    spec.getTeachers().getSavedModelList().forEach(p -> paths.add(Path.of(p)));
    if (paths.isEmpty()) {
      for (int k = 1; k <= spec.getTeachers().getCount(); k++) {
        paths.add(run.resolve("teachers/teacher-" + k));
      }
    }
    if (paths.isEmpty()) {
      throw new SpecException(run + ": the run has no teachers to group the examples by");
    }
    for (Path p : paths) {
      if (!Files.isRegularFile(p.resolve("saved_model.pb"))) {
        throw new SpecException(run + ": teacher " + p + " is not a SavedModel (no "
            + "saved_model.pb); run the command from the folder the run was started in");
      }
    }
    return paths;
  }

  /** The students' exports: the spec's order first, then the rest (e.g. pareto-K) by name. */
  private Map<String, Path> studentExports(RunSpec spec) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    spec.getStudentList().forEach(s -> names.add(s.getName()));
    Path folder = run.resolve("students");
    if (Files.isDirectory(folder)) {
      try (Stream<Path> dirs = Files.list(folder)) {
        dirs.sorted().forEach(d -> names.add(d.getFileName().toString()));
      }
    }
    Map<String, Path> exports = new LinkedHashMap<>();
    for (String name : names) {
      Path export = folder.resolve(name).resolve("saved_model");
      if (Files.isRegularFile(export.resolve("saved_model.pb"))) {
        exports.put(name, export);
      }
    }
    return exports;
  }
}
