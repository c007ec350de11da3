package io.kdas.runtime.run;

import com.google.protobuf.TextFormat;
import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.proto.AugmentationSpec;
import io.kdas.proto.RunSpec;
import io.kdas.proto.StudentSpec;
import io.kdas.runtime.data.ChannelStats;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.data.ViewAugmenter;
import io.kdas.runtime.teacher.TeacherLogitStore;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kdas run}: spec, then data, then teachers (trained or loaded, scored once), then each
 * student distilled from the stored teacher predictions and exported, with the summary rewritten
 * after every stage so that an interrupted run still says what it found.
 */
public final class RunPipeline {

  private static final Logger log = LoggerFactory.getLogger(RunPipeline.class);

  private final RunSpec spec;
  private final String specText;
  private final PluginRegistry registry;
  private final RunDirectory directory;
  private final DataStage data;
  private final TeacherStage teachers;
  private final StudentStage students;

  @Inject
  public RunPipeline(RunSpec spec, @Named("specText") String specText, PluginRegistry registry,
      RunDirectory directory, DataStage data, TeacherStage teachers, StudentStage students) {
    this.spec = spec;
    this.specText = specText;
    this.registry = registry;
    this.directory = directory;
    this.data = data;
    this.teachers = teachers;
    this.students = students;
  }

  /** Runs everything; returns the students' results in spec order. */
  public List<StudentResult> run() {
    directory.write("spec.textproto", specText);
    directory.write("resolved-spec.textproto", TextFormat.printer().printToString(spec));
    log.info("run directory: {}", directory.root());
    Dataset dataset = data.load();
    ChannelStats normalization = ChannelStats.of(dataset.train());
    String provenance = Provenance.describe(spec, registry, dataset.identity());
    directory.write("provenance.txt", provenance);

    TeacherStage.Teachers ensemble = needsTeachers() ? teachers.prepare(dataset, normalization)
        : null;
    List<StudentResult> results = new ArrayList<>();
    try {
      writeSummary(provenance, dataset, ensemble, results, "training students");
      AugmentationSpec aug = spec.getData().getAugmentation();
      ViewAugmenter views = new ViewAugmenter(spec.getSeed(), spec.getData().getTeacherViews(),
          aug.getCropPadding(), aug.getHorizontalFlip());
      TeacherLogitStore store = ensemble == null ? null
          : new TeacherLogitStore(ensemble.ensemble(), dataset.train(), views);
      for (StudentSpec student : spec.getStudentList()) {
        results.add(students.train(student, dataset, normalization, views, store));
        writeSummary(provenance, dataset, ensemble, results,
            results.size() == spec.getStudentCount() ? "finished" : "training students");
      }
      if (store != null) {
        log.info("teacher predictions computed for {} (example, view) pairs, {} MB stored",
            store.computedViews(), store.bytes() >> 20);
      }
      Checkpoints.delete(directory.resolve("checkpoints"));
    } finally {
      if (ensemble != null) {
        ensemble.ensemble().close();
      }
    }
    log.info("summary: {}", directory.resolve("summary.md"));
    return results;
  }

  private boolean needsTeachers() {
    return spec.getStudentList().stream().anyMatch(s -> registry.create(PluginKind.LOSS,
        s.getLoss().getName(), s.getLoss().getParamsMap(), DistillationLoss.class)
        .usesTeachers());
  }

  private void writeSummary(String provenance, Dataset dataset, TeacherStage.Teachers ensemble,
      List<StudentResult> results, String status) {
    directory.write("summary.md", RunSummary.markdown(directory.root().getFileName().toString(),
        provenance, dataset, ensemble, results, status));
  }
}
