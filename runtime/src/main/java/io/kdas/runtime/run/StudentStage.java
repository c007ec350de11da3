package io.kdas.runtime.run;

import com.google.protobuf.TextFormat;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.Architecture;
import io.kdas.proto.ModelSpec;
import io.kdas.proto.RunSpec;
import io.kdas.proto.StudentSpec;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.pipeline.ViewAugmenter;
import io.kdas.runtime.export.SavedModelExporter;
import io.kdas.runtime.model.AddOns;
import io.kdas.runtime.model.FixedAddOns;
import io.kdas.runtime.model.ModelDefinition;
import io.kdas.runtime.spec.RunPlan;
import io.kdas.runtime.train.Accuracy;
import io.kdas.runtime.train.EpochMetrics;
import io.kdas.runtime.train.FaultPoints;
import io.kdas.runtime.train.TeacherSource;
import io.kdas.runtime.train.Trainer;
import io.kdas.runtime.train.TrainingCheckpoints;
import io.kdas.runtime.train.TrainingGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.ConfigProto;

/** Trains one student with its loss, then exports and checks its SavedModel. */
public final class StudentStage {

  private static final Logger log = LoggerFactory.getLogger(StudentStage.class);

  /** The student's graph; a plugin that fails to build its part is named with the student. */
  private TrainingGraph build(StudentSpec student, ModelDefinition model, DistillationLoss loss,
      int teachers, long seed) {
    try {
      return new TrainingGraph(model, loss, student.getTraining(), teachers, seed, session);
    } catch (RuntimeException e) {
      throw new io.kdas.api.PluginException("student '" + student.getName() + "' (loss '"
          + student.getLoss().getName() + "', " + model.label() + "): building its graph "
          + "failed: " + e.getMessage(), e);
    }
  }

  /** The student's network: its backbone, with the searched or given add-on layers. */
  private ModelDefinition model(RunPlan.Student student, Dataset data,
      ChannelStats normalization, SearchStage.Outcome search) {
    ModelSpec backbone = student.spec().getModel();
    AddOns addOns = AddOns.NONE;
    if (student.searched()) {
      Architecture best = search.architecture();
      backbone = best.getBackbone();
      addOns = new FixedAddOns(best, search.plan().operations());
    } else if (student.given() != null) {
      backbone = student.given().architecture().getBackbone();
      addOns = student.given();
    }
    return new ModelDefinition(backbone, data.classes(), data.train().height(),
        data.train().width(), normalization, addOns);
  }

  private final RunSpec spec;
  private final RunDirectory directory;
  private final ConfigProto session;

  @Inject
  public StudentStage(RunSpec spec, RunDirectory directory, ConfigProto session) {
    this.spec = spec;
    this.directory = directory;
    this.session = session;
  }

  /**
   * The job that trains, exports and checks {@code student}.
   *
   * @param augmenter the view pool shared with the teacher store
   * @param teachers the stored teacher predictions, or null when the run has no teachers
   */
  public Job<StudentResult> job(RunPlan.Student student, Dataset data,
      ChannelStats normalization, ViewAugmenter augmenter, TeacherSource teachers,
      SearchStage.Outcome search) {
    return new Job<StudentResult>() {
      @Override
      public String key() {
        return "student-" + student.name();
      }

      @Override
      public List<String> outputs() {
        return List.of("students/" + student.name());
      }

      @Override
      public StudentResult run() {
        Checkpoints.delete(directory.resolve(outputs().get(0))); // a killed attempt's part
        return distill(student, data, normalization, augmenter, teachers, search,
            directory.resolve("checkpoints/" + key()));
      }

      @Override
      public Map<String, String> facts(StudentResult result) {
        return StudentStage.facts(result);
      }

      @Override
      public StudentResult restore(Map<String, String> facts) {
        return restored(student.spec(), facts, directory.resolve(outputs().get(0)));
      }

      @Override
      public JobTask task() {
        return new JobTask(JobTask.Kind.STUDENT, key(), Map.of("name", student.name()));
      }
    };
  }

  /** Trains the student from its checkpoints (if any), exports it, checks the export. */
  private StudentResult distill(RunPlan.Student planned, Dataset data,
      ChannelStats normalization, ViewAugmenter augmenter, TeacherSource teachers,
      SearchStage.Outcome search, Path checkpoints) {
    StudentSpec student = planned.spec();
    String output = "students/" + student.getName();
    DistillationLoss loss = planned.loss();
    ModelDefinition model = model(planned, data, normalization, search);
    long seed = spec.getSeed() + student.getSeedOffset();
    int teacherCount = teachers == null ? 0 : teachers.teachers();
    log.info("training student {} ({}, loss {} {}, seed {})", student.getName(), model.label(),
        student.getLoss().getName(), student.getLoss().getParamsMap(), seed);
    try (TrainingGraph graph = build(student, model, loss, teacherCount, seed)) {
      List<EpochMetrics> history = new Trainer(data.train(), data.test(), augmenter).train(
          student.getName(), graph, student.getTraining(), seed,
          loss.usesTeachers() ? teachers : null, directory.metrics(),
          new TrainingCheckpoints(checkpoints.resolve("epochs"),
              spec.getCheckpoint().getEverySteps(), spec.getCheckpoint().getEverySeconds()));
      EpochMetrics last = history.get(history.size() - 1);
      directory.tensorboard().graph(student.getName(), graph.graph().toGraphDef());
      double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
      Path export = null;
      double difference = Double.NaN;
      if (spec.getExport().getSavedModel()) {
        export = directory.resolve(output + "/saved_model");
        Path checkpoint = checkpoints.resolve("final/variables");
        graph.saveCheckpoint(checkpoint);
        SavedModelExporter.export(model, checkpoint, export, spec.getExport().getInputName());
        difference = ExportCheck.verify("student '" + student.getName() + "'", graph, export,
            data.test(), data.classes(), session);
        log.info(String.format("exported %s to %s (reloaded: max |logit difference| %.2g)",
            student.getName(), export, difference));
      }
      if (model.addOns() instanceof FixedAddOns fixed) {
        directory.write(output + "/architecture.textproto",
            TextFormat.printer().printToString(fixed.architecture()));
      }
      directory.write(output + "/history.txt", TrainingCheckpoints.writeHistory(history));
      FaultPoints.reach("student-exported");
      return new StudentResult(student.getName(), model.label(),
          student.getLoss().getName(), student.getLoss().getParamsMap(), last.eval(),
          graph.variables().trainableScalars(), 4 * model.cost().parameters()
              + 4 * model.cost().stateScalars(), seconds, history, export, difference);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export " + student.getName(), e);
    }
  }

  /** What the summary needs of a student, kept in its completion record. */
  private static Map<String, String> facts(StudentResult r) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("model", r.model());
    facts.put("top1", Double.toString(r.test().top1()));
    facts.put("top5", Double.toString(r.test().top5()));
    facts.put("examples", Integer.toString(r.test().examples()));
    facts.put("parameters", Long.toString(r.parameters()));
    facts.put("bytes", Long.toString(r.modelBytes()));
    facts.put("seconds", Double.toString(r.trainSeconds()));
    facts.put("export", r.export() == null ? "" : r.export().toString());
    facts.put("difference", Double.toString(r.exportMaxLogitDifference()));
    return facts;
  }

  private static StudentResult restored(StudentSpec student, Map<String, String> f,
      Path folder) {
    return new StudentResult(student.getName(), f.get("model"), student.getLoss().getName(),
        student.getLoss().getParamsMap(), new Accuracy(Double.parseDouble(f.get("top1")),
            Double.parseDouble(f.get("top5")), Integer.parseInt(f.get("examples"))),
        Long.parseLong(f.get("parameters")), Long.parseLong(f.get("bytes")),
        Double.parseDouble(f.get("seconds")),
        TrainingCheckpoints.readHistory(folder.resolve("history.txt")),
        f.get("export").isEmpty() ? null : Path.of(f.get("export")),
        Double.parseDouble(f.get("difference")));
  }
}
