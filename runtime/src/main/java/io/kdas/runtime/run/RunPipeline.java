package io.kdas.runtime.run;

import com.google.protobuf.TextFormat;
import io.kdas.api.PluginRegistry;
import io.kdas.proto.RunSpec;
import io.kdas.runtime.data.Dataset;
import io.kdas.runtime.report.RunReport;
import io.kdas.runtime.search.Trial;
import io.kdas.runtime.spec.RunPlan;
import io.kdas.runtime.spec.SpecException;
import io.kdas.runtime.teacher.TeacherAgreement;
import io.kdas.runtime.train.CpuFeatures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kdas run}: the validated {@link RunPlan}, then data, then the run's jobs in order, with
 * the summary rewritten after every stage so that an interrupted run still says what it found.
 *
 * <p>DESIGN: the job graph. A run is a chain of {@link Job}s, each with a deterministic key, its
 * declared outputs and a completion record ({@link JobRecords}), run by the {@link JobExecutor}:
 * <ol>
 *   <li>{@code teacher-K} (when a loss uses teachers and none are loaded): train, export and
 *       score teacher K; reads the data;
 *   <li>{@code teacher-predictions-K} (stored views): every view of shard K of the training
 *       examples through the teachers; reads the teachers' exports;
 *   <li>{@code search} (a searched student): the whole search, trials or shared-weight epochs
 *       with its own checkpoints; reads the predictions;
 *   <li>{@code student-NAME}, in spec order: train, export and check a student; reads the
 *       predictions and the search's result.
 * </ol>
 * A job whose record verifies is not run again (its result comes from the record's facts); an
 * interrupted job continues from {@code checkpoints/<key>/}. Jobs of one step do not depend on
 * each other (teachers, prediction shards, a student's siblings), which is what a cluster
 * executor can run side by side.
 */
public final class RunPipeline {

  private static final Logger log = LoggerFactory.getLogger(RunPipeline.class);

  private final RunPlan plan;
  private final RunSpec spec;
  private final String specText;
  private final PluginRegistry registry;
  private final RunDirectory directory;
  private final DataStage data;
  private final TeacherStage teachers;
  private final StudentStage students;
  private final SearchStage search;
  private final PredictionStage predictions;
  private final JobExecutor executor;
  private String summaryExtra = "";
  /** How often the teachers agree on the stored training views; empty without a store. */
  private String agreementSection = "";
  private Map<String, Trial> searchedTrials = Map.of();
  /** Stands for the status in {@link #lastSummary}. */
  private static final String RUNNING_MARK = "\u0000status\u0000";
  /** The summary of the running stage with its status left open, or null when settled. */
  private volatile String lastSummary;

  @Inject
  public RunPipeline(RunPlan plan, @Named("specText") String specText, PluginRegistry registry,
      RunDirectory directory, DataStage data, TeacherStage teachers, StudentStage students,
      SearchStage search, PredictionStage predictions, JobExecutor executor) {
    this.plan = plan;
    this.spec = plan.spec();
    this.specText = specText;
    this.registry = registry;
    this.directory = directory;
    this.data = data;
    this.teachers = teachers;
    this.students = students;
    this.search = search;
    this.predictions = predictions;
    this.executor = executor;
  }

  /** Runs everything; returns the students' results in spec order. */
  public List<StudentResult> run() {
    boolean resuming = Files.exists(directory.resolve("resolved-spec.textproto"));
    if (!resuming) {
      directory.write("spec.textproto", specText);
      directory.write("resolved-spec.textproto", TextFormat.printer().printToString(spec));
    }
    log.info("run directory: {}{}", directory.root(), resuming ? " (resuming)" : "");
    log.info("cpu: {}; precision {}", CpuFeatures.ofThisMachine().describe(),
        spec.getDevice().getPrecision());
    Dataset dataset = data.load();
    checkSameData(dataset);
    Thread onInterrupt = new Thread(this::markInterrupted, "kdas-interrupted");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      return run(dataset);
    } catch (RuntimeException e) {
      if (lastSummary != null) {
        directory.write("summary.md", lastSummary.replace(RUNNING_MARK, "failed: "
            + e.getMessage() + " (fix the cause, then resume with 'kdas run --resume "
            + directory.root() + "')"));
        writeReport();
      }
      throw e;
    } finally {
      executor.close();
      lastSummary = null;
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook runs.
      }
    }
  }

  /** The data of a resumed run must be the data it started with. */
  private void checkSameData(Dataset dataset) {
    String file = "data-identity.txt";
    if (Files.exists(directory.resolve(file))) {
      String before;
      try {
        before = Files.readString(directory.resolve(file)).strip();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (!before.equals(dataset.identity())) {
        throw new SpecException("cannot resume " + directory.root() + ": its data was "
            + before + " and is now " + dataset.identity());
      }
    } else {
      directory.write(file, dataset.identity() + "\n");
    }
  }

  /** On SIGINT or SIGTERM (not SIGKILL): the summary says the run was interrupted. */
  private void markInterrupted() {
    String summary = lastSummary;
    if (summary != null) {
      directory.write("summary.md", summary.replace(RUNNING_MARK, "interrupted; resume with "
          + "'kdas run --resume " + directory.root() + "'"));
    }
  }

  private List<StudentResult> run(Dataset dataset) {
    String provenance = Provenance.describe(spec, registry, dataset.identity());
    directory.write("provenance.txt", provenance);
    List<StudentResult> results = new ArrayList<>();
    try (RunInputs inputs = new RunInputs(plan, directory, teachers, predictions, search,
        dataset)) {
      if (plan.needsTeachers()) {
        writeSummary(provenance, dataset, null, results, "training teachers");
      }
      TeacherStage.Teachers ensemble = inputs.teachers();
      if (inputs.storesViews()) {
        writeSummary(provenance, dataset, ensemble, results, "computing teacher predictions");
        agreementSection = TeacherAgreement.of(inputs.store(), dataset.train(),
            dataset.classes()).markdown();
      }
      if (plan.needsSearch()) {
        writeSummary(provenance, dataset, ensemble, results, "searching");
        SearchStage.Outcome found = inputs.search();
        summaryExtra = RunSummary.search(found, spec.getSearch());
      }
      writeSummary(provenance, dataset, ensemble, results, "training students");
      List<Job<StudentResult>> jobs = new ArrayList<>();
      List<RunPlan.Student> trained = new ArrayList<>(plan.students());
      trained.addAll(ParetoStudents.of(plan, inputs.search()));
      searchedTrials = ParetoStudents.searchedTrials(plan, inputs.search());
      for (RunPlan.Student student : trained) {
        long seed = spec.getSeed() + student.spec().getSeedOffset();
        jobs.add(students.job(student, dataset, inputs.normalization(), inputs.augmenter(seed),
            inputs.teacherSource(), inputs.search()));
      }
      executor.runAll(jobs, result -> {
        results.add(result);
        writeSummary(provenance, dataset, ensemble, results,
            results.size() == jobs.size() ? "finished" : "training students");
      });
      Checkpoints.delete(directory.resolve("checkpoints"));
    }
    log.info("summary: {}", directory.resolve("summary.md"));
    return results;
  }

  private void writeSummary(String provenance, Dataset dataset, TeacherStage.Teachers ensemble,
      List<StudentResult> results, String status) {
    boolean settled = status.equals("finished") || status.startsWith("failed");
    String text = RunSummary.markdown(directory.root().getFileName().toString(), provenance,
        dataset, ensemble, results, settled ? status : RUNNING_MARK,
        agreementSection + summaryExtra, searchedTrials);
    lastSummary = settled ? null : text;
    directory.write("summary.md", settled ? text : text.replace(RUNNING_MARK, "running: "
        + status + " (process " + ProcessHandle.current().pid() + "; if it is gone, the run "
        + "was interrupted: resume with 'kdas run --resume " + directory.root() + "')"));
    writeReport();
  }

  /** report.html follows summary.md; a report that cannot be drawn never fails the run. */
  private void writeReport() {
    try {
      RunReport.write(directory.root());
    } catch (RuntimeException e) {
      log.warn("report.html not written: {}", e.toString());
    }
  }
}
