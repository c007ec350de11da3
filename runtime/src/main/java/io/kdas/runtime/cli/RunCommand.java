package io.kdas.runtime.cli;

import io.kdas.api.PluginRegistry;
import io.kdas.proto.DeviceSpec;
import io.kdas.proto.RunSpec;
import io.kdas.runtime.run.RunComponent;
import io.kdas.runtime.run.RunDirectory;
import io.kdas.runtime.run.RunLock;
import io.kdas.runtime.run.RunSpecs;
import io.kdas.runtime.run.UnfinishedRuns;
import io.kdas.runtime.run.StudentResult;
import io.kdas.runtime.spec.SpecDifference;
import io.kdas.runtime.spec.SpecDefaults;
import io.kdas.runtime.spec.RunPlan;
import io.kdas.runtime.spec.SpecException;
import io.kdas.runtime.train.ProgressLog;
import io.kdas.runtime.spec.SpecSource;
import io.kdas.runtime.spec.SpecValidator;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kdas run SPEC}: the whole pipeline, into a new run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Train (or load) the teachers, search architectures if the spec asks, distill "
        + "the students, export SavedModels.")
class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC",
      description = "run spec in protobuf text format (with --resume: the run's own spec if "
          + "omitted)")
  Path spec;

  @Option(names = "--resume", paramLabel = "RUN_DIR",
      description = "continue the run in RUN_DIR where it stopped: finished jobs are kept, "
          + "trainings continue from their last epoch checkpoint")
  Path resume;

  @Option(names = "--plugins", paramLabel = "DIR",
      description = "directory of plugin jars (repeatable), in addition to the spec's plugin_dir")
  List<Path> pluginDirs = new ArrayList<>();

  @Option(names = "--output", paramLabel = "DIR",
      description = "parent of the run directory (overrides the spec's output_dir)")
  Path output;

  @Option(names = "--teachers", paramLabel = "DIR",
      description = "load the teachers from the SavedModels in DIR (e.g. runs/<run>/teachers) "
          + "instead of the spec's teachers section")
  Path teachers;

  @Option(names = "--precision", paramLabel = "FP32|BF16",
      description = "train and infer in this precision (overrides the spec's device.precision; "
          + "BF16 needs a CPU with AVX512-BF16 or AMX, or a GPU)")
  DeviceSpec.Precision precision;

  @Option(names = "--executor", paramLabel = "ADDRESS",
      description = "run the jobs on a cluster, e.g. spark://host:7077 (default: this process)")
  String executor = "";

  @Option(names = "--validate-only", description = "check the spec and exit")
  boolean validateOnly;

  @Option(names = "--debug", description = "print stack traces of unexpected failures")
  boolean debug;

  @Override
  public Integer call() throws IOException {
    if (resume != null) {
      if (!Files.isRegularFile(resume.resolve(RESOLVED))) {
        throw new SpecException("--resume " + resume + ": not a run folder (it has no "
            + RESOLVED + ")");
      }
      return execute(SpecSource.read(spec != null ? spec : resume.resolve("spec.textproto")));
    }
    if (spec == null) {
      throw new SpecException("a SPEC is needed (or --resume RUN_DIR)");
    }
    return execute(SpecSource.read(spec));
  }

  /** Validates and runs a (possibly overridden) spec. */
  int execute(SpecSource given) throws IOException {
    SpecSource source = given.withSpec(withPrecision(
        teachers == null ? given.spec() : withTeachers(given.spec())));
    SpecValidator.checkPluginDirs(source);
    List<Path> dirs = new ArrayList<>(pluginDirs);
    source.spec().getPluginDirList().forEach(d -> dirs.add(Path.of(d)));
    PluginRegistry registry = PluginRegistry.load(dirs);
    SpecValidator validator = new SpecValidator(source, registry);
    RunPlan plan = validator.validate();
    RunSpec resolved = plan.spec();
    if (validateOnly) {
      System.out.println(spec + ": valid");
      if (plan.store() != null) {
        System.out.println(plan.store().describe());
      }
      return 0;
    }
    RunDirectory directory;
    if (resume != null) {
      directory = RunDirectory.open(resume);
      RunSpec before = RunSpecs.read(resume.resolve(RESOLVED));
      // Where jobs run does not change results: a run may resume on another executor.
      String difference = SpecDifference.first(before.toBuilder().clearExecutor().build(),
          resolved.toBuilder().clearExecutor().build());
      if (difference != null) {
        throw new SpecException("cannot resume " + resume + " with this spec: " + difference
            + " (resume with the run's own spec: kdas run --resume " + resume + ")");
      }
    } else {
      Path parent = output != null ? output : Path.of(resolved.getOutputDir());
      UnfinishedRuns.warnAbout(parent, resolved);
      directory = RunDirectory.create(parent, resolved.getName());
    }
    PrintStream terminal = System.err;
    // The launcher says when stderr is a terminal: progress is then one updating line.
    LiveLine live = Boolean.getBoolean("kdas.terminal")
        ? new LiveLine(terminal, Integer.getInteger("kdas.columns", 120)) : null;
    try (RunLock lock = RunLock.acquire(directory.root());
        FileOutputStream logFile =
            new FileOutputStream(directory.resolve("log.txt").toFile(), resume != null);
        PrintStream tee = new PrintStream(new TeeOutputStream(live != null ? live : terminal,
            logFile), true)) {
      System.setErr(tee); // the logger writes to System.err: the run's log gets every line
      if (live != null) {
        ProgressLog.showOn(live::show);
      }
      List<StudentResult> results = RunComponent.builder().plan(plan)
          .specText(source.text()).registry(registry).directory(directory).executor(executorAddress(resolved))
          .pluginDirs(dirs).build()
          .pipeline().run();
      for (StudentResult r : results) {
        System.out.printf(Locale.ROOT, "%s: test top-1 %.4f, %,d parameters, %s%n", r.name(),
            r.test().top1(), r.parameters(), r.export() == null ? "not exported" : r.export());
      }
      System.out.println("run directory: " + directory.root());
      return 0;
    } finally {
      ProgressLog.showOn(null);
      System.setErr(terminal);
    }
  }

  private static final String RESOLVED = "resolved-spec.textproto";

  /** --executor, else the spec's executor section, else "" (this process). */
  private String executorAddress(RunSpec spec) {
    return !executor.isEmpty() ? executor
        : spec.getExecutor().hasSpark() ? spec.getExecutor().getSpark().getMaster() : "";
  }

  /** The spec with {@link #precision} as its device's precision, if given. */
  private RunSpec withPrecision(RunSpec spec) {
    if (precision == null) {
      return spec;
    }
    RunSpec.Builder b = spec.toBuilder();
    b.getDeviceBuilder().setPrecision(precision);
    return b.build();
  }

  /** The spec with its teachers replaced by the SavedModels found in {@link #teachers}. */
  private RunSpec withTeachers(RunSpec spec) throws IOException {
    if (!Files.isDirectory(teachers)) {
      throw new SpecException(teachers + ": no such directory of teacher SavedModels");
    }
    List<Path> models;
    try (Stream<Path> list = Files.list(teachers)) {
      models = list.filter(p -> Files.isRegularFile(p.resolve("saved_model.pb"))).sorted()
          .toList();
    }
    if (models.isEmpty()) {
      throw new SpecException(teachers + ": no SavedModel directories (with saved_model.pb)");
    }
    Path runDir = teachers.toAbsolutePath().normalize().getParent();
    if (runDir != null && Files.isDirectory(runDir.resolve("jobs"))) {
      // The teachers of a KDAS run: only those its job records call done are whole.
      for (Path m : models) {
        if (!Files.isRegularFile(runDir.resolve("jobs").resolve(m.getFileName() + ".done"))) {
          throw new SpecException(m + " is a teacher its run did not finish (no "
              + "jobs/" + m.getFileName() + ".done): finish that run with 'kdas run --resume "
              + runDir + "'");
        }
      }
    }
    int count = SpecDefaults.fill(spec).getTeachers().getCount();
    if (models.size() != count) {
      throw new SpecException(teachers + " holds " + models.size() + " teacher SavedModels but "
          + "teachers.count is " + count + ": set teachers { count: " + models.size() + " } to "
          + "use these, or finish the run that trains them ('kdas run --resume RUN_DIR')");
    }
    RunSpec.Builder b = spec.toBuilder();
    b.getTeachersBuilder().clearSavedModel();
    models.forEach(m -> b.getTeachersBuilder().addSavedModel(m.toString()));
    return b.build();
  }
}
