package io.kdas.runtime.spec;

import io.kdas.api.PluginDescriptor;
import io.kdas.api.PluginException;
import io.kdas.api.PluginKind;
import io.kdas.api.PluginRegistry;
import io.kdas.api.loss.DistillationLoss;
import io.kdas.api.op.CandidateOperation;
import io.kdas.proto.Architecture;
import io.kdas.proto.BudgetSpec;
import io.kdas.proto.DatasetSpec;
import io.kdas.proto.DeviceSpec;
import io.kdas.proto.LearningRateSpec;
import io.kdas.proto.ModelSpec;
import io.kdas.proto.PluginRef;
import io.kdas.proto.RunSpec;
import io.kdas.proto.SearchSpec;
import io.kdas.proto.StudentSpec;
import io.kdas.proto.TrainingSpec;
import io.kdas.runtime.data.source.DataSource;
import io.kdas.runtime.data.source.SourceSize;
import io.kdas.runtime.model.FixedAddOns;
import io.kdas.runtime.search.OperationCatalog;
import io.kdas.runtime.search.SearchPlan;
import io.kdas.runtime.train.CpuFeatures;
import io.kdas.runtime.train.Devices;
import io.kdas.runtime.train.LossProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a whole spec once, before anything runs, and returns it resolved: every default written
 * out and every plugin's parameters completed from its schema. The first error is thrown as a
 * {@link SpecException} naming the file, line, column and field and what is allowed.
 */
public final class SpecValidator {

  private final SpecSource source;
  private final PluginRegistry registry;
  private final CpuFeatures cpu;
  private final FieldPath root = FieldPath.root(RunSpec.getDescriptor());
  private StoreEstimate store;
  /** The data source's size, read once: it may list a folder of thousands of images. */
  private SourceSize sourceSize;

  public SpecValidator(SpecSource source, PluginRegistry registry) {
    this(source, registry, CpuFeatures.ofThisMachine());
  }

  /** With the CPU that the run's precision is checked against. */
  public SpecValidator(SpecSource source, PluginRegistry registry, CpuFeatures cpu) {
    this.source = source;
    this.registry = registry;
    this.cpu = cpu;
  }

  /**
   * Checks the spec's {@code plugin_dir} entries, which must exist before the plugins (and so
   * the rest of the spec) can be checked.
   */
  public static void checkPluginDirs(SpecSource source) {
    RunSpec spec = source.spec();
    FieldPath root = FieldPath.root(RunSpec.getDescriptor());
    for (int i = 0; i < spec.getPluginDirCount(); i++) {
      FieldPath at = root.element("plugin_dir", i);
      if (!Files.isDirectory(Path.of(spec.getPluginDir(i)))) {
        throw new SpecException(source.locate(at) + ": " + at + ": directory "
            + spec.getPluginDir(i) + " does not exist");
      }
    }
  }

  /** Validates, resolves, and returns the plan of the run. */
  public RunPlan validate() {
    RunSpec spec = SpecDefaults.fill(source.spec());
    check(spec.getName().matches("[A-Za-z0-9][A-Za-z0-9._-]*"), root.field("name"),
        "'" + spec.getName() + "' is not allowed; use letters, digits, '.', '_' and '-'");
    checkData(spec.getData(), root.field("data"));
    sourceSize = DataSource.of(spec.getData(), spec.getSeed()).size()
        .limitedTo(spec.getData().getTrainLimit());
    checkPluginDirs(source);
    RunSpec.Builder resolved = spec.toBuilder();
    check(spec.getStudentCount() > 0, root.field("student"),
        "at least one student is required");
    boolean needTeachers = false;
    Set<String> names = new HashSet<>();
    List<RunPlan.Student> students = new ArrayList<>();
    for (int i = 0; i < spec.getStudentCount(); i++) {
      StudentSpec s = spec.getStudent(i);
      FieldPath at = root.element("student", i);
      check(s.getName().matches("[a-z0-9][a-z0-9_-]*"), at.field("name"), "'" + s.getName()
          + "' is not allowed; use lower-case letters, digits, '_' and '-'");
      check(names.add(s.getName()), at.field("name"), "two students are named '" + s.getName()
          + "'; names must be unique");
      checkModel(s.getModel(), at.field("model"));
      checkTraining(s.getTraining(), at.field("training"));
      checkBatch(s.getTraining(), knownTrainSize(), at.field("training"),
          "training examples");
      Map<String, String> params = plugin(PluginKind.LOSS, s.getLoss(), at.field("loss"));
      resolved.getStudentBuilder(i).getLossBuilder().clearParams().putAllParams(params);
      FixedAddOns given = checkAddOns(spec, s, at);
      DistillationLoss loss = createLoss(s.getLoss().getName(), params, at.field("loss"));
      needTeachers |= loss.usesTeachers();
      students.add(new RunPlan.Student(resolved.getStudent(i), loss, given));
    }
    RunPlan.Search search = null;
    if (spec.getStudentList().stream().anyMatch(StudentSpec::getSearched)) {
      search = checkSearch(spec, resolved, root.field("search"));
      needTeachers |= search.loss().usesTeachers();
    }
    FieldPath teachers = root.field("teachers");
    if (spec.getTeachers().getSavedModelCount() > 0) {
      for (int i = 0; i < spec.getTeachers().getSavedModelCount(); i++) {
        Path p = Path.of(spec.getTeachers().getSavedModel(i));
        check(Files.isRegularFile(p.resolve("saved_model.pb")), teachers.element("saved_model", i),
            p + " is not a SavedModel directory (no saved_model.pb)");
      }
    } else if (needTeachers) {
      check(spec.getTeachers().getCount() >= 1 && spec.getTeachers().getCount() <= 64,
          teachers.field("count"), spec.getTeachers().getCount() + " is not allowed; a student "
              + "loss uses teachers, so 1 to 64 teachers are needed (or saved_model paths)");
      checkModel(spec.getTeachers().getModel(), teachers.field("model"));
      checkTraining(spec.getTeachers().getTraining(), teachers.field("training"));
      checkBatch(spec.getTeachers().getTraining(), knownTrainSize(),
          teachers.field("training"), "training examples");
    }
    if (needTeachers) {
      checkStore(spec);
    }
    if (spec.getDevice().getDevice() == DeviceSpec.Device.GPU) {
      List<Devices.Device> found = Devices.list();
      check(Devices.hasGpu(found), root.field("device").field("device"), "GPU is not "
          + "available: TensorFlow sees " + Devices.describe(found) + " only (a build without "
          + "CUDA, or no usable GPU); build with 'mvn -Pgpu' on a machine with a CUDA GPU, or "
          + "use CPU");
    }
    if (spec.getDevice().getPrecision() == DeviceSpec.Precision.BF16
        && spec.getDevice().getDevice() == DeviceSpec.Device.CPU) {
      checkBf16(root.field("device").field("precision"));
    }
    check(spec.getDevice().getIntraOpThreads() >= 0,
        root.field("device").field("intra_op_threads"), "must be >= 0 (0: all cores)");
    // Seen here: heap corruption in oneDNN's convolution gradient, 3 runs out of 3.
    check(spec.getDevice().getIntraOpThreads() != 1 || !cpu.oneDnn()
            || cpu.flags().contains("avx512f"), root.field("device").field("intra_op_threads"),
        "1 is not allowed with oneDNN's kernels on a CPU without AVX-512 (TensorFlow 2.18 "
            + "corrupts its memory in single-threaded sessions there); use 0 or 2 and more, or "
            + "set TF_ENABLE_ONEDNN_OPTS=0");
    check(spec.getDevice().getInterOpThreads() >= 0,
        root.field("device").field("inter_op_threads"), "must be >= 0 (0: automatic)");
    check(spec.getCheckpoint().getEverySeconds() >= 0,
        root.field("checkpoint").field("every_seconds"), "must be >= 0 (0: at epoch ends only)");
    check(spec.getCheckpoint().getEverySteps() >= 0,
        root.field("checkpoint").field("every_steps"), "must be >= 0 (0: at epoch ends only)");
    if (spec.getExecutor().hasSpark()) {
      checkSpark(spec.getExecutor().getSpark(), root.field("executor").field("spark"));
    }
    check(spec.getExport().getInputName().matches("[A-Za-z][A-Za-z0-9_]*"),
        root.field("export").field("input_name"), "'" + spec.getExport().getInputName()
            + "' is not allowed; use a letter then letters, digits or '_'");
    return new RunPlan(resolved.build(), students, search, needTeachers, store);
  }

  /**
   * bfloat16 on the CPU goes through oneDNN and pays only with bfloat16 units: without them
   * TensorFlow falls back to emulated kernels, 13x slower than float32 on an AVX2 CPU
   * (docs/BENCHMARKS.md), which no user wants by accident.
   */
  private void checkBf16(FieldPath at) {
    check(cpu.oneDnn(), at, "BF16 needs TensorFlow's oneDNN kernels, which are off in this "
        + "process (TensorFlow's default without AVX-512, or TF_ENABLE_ONEDNN_OPTS=0); set "
        + "TF_ENABLE_ONEDNN_OPTS=1, or use FP32");
    check(cpu.hasBf16Units(), at, "BF16 needs a CPU with bfloat16 units (AMX-BF16 or "
        + "AVX512-BF16) and this one (" + cpu.model() + ") has none: bfloat16 would run "
        + "emulated, many times slower than FP32; use FP32");
  }

  private void checkSpark(io.kdas.proto.SparkExecutorSpec spark, FieldPath at) {
    check(spark.getMaster().matches("spark://[^/:]+:\\d+|local\\[(\\d+|\\*)\\]"),
        at.field("master"), "'" + spark.getMaster() + "' is not allowed; use spark://HOST:PORT "
            + "(a standalone master) or local[N]");
    check(spark.getCoresPerTask() >= 1 && spark.getCoresPerTask() <= 256,
        at.field("cores_per_task"), spark.getCoresPerTask() + " is not allowed; allowed: 1 to 256");
    check(spark.getExecutorMemory().isEmpty()
            || spark.getExecutorMemory().matches("\\d+[kmgt]?"), at.field("executor_memory"),
        "'" + spark.getExecutorMemory() + "' is not allowed; use e.g. 4g or 512m");
    for (String key : spark.getConfMap().keySet()) {
      check(key.startsWith("spark."), at.field("conf"), "'" + key + "' is not a Spark setting; "
          + "keys start with 'spark.'");
    }
  }

  private void checkData(DatasetSpec data, FieldPath at) {
    switch (data.getSourceCase()) {
      case SYNTHETIC -> {
        var s = data.getSynthetic();
        FieldPath p = at.field("synthetic");
        check(s.getClasses() >= 2 && s.getClasses() <= 1000, p.field("classes"),
            s.getClasses() + " is not allowed; allowed: 2 to 1000");
        check(s.getTrainExamples() >= s.getClasses(), p.field("train_examples"),
            "must be at least the number of classes (" + s.getClasses() + ")");
        check(s.getTestExamples() >= 1, p.field("test_examples"), "must be >= 1");
        check(s.getImageSize() >= 8 && s.getImageSize() <= 256, p.field("image_size"),
            s.getImageSize() + " is not allowed; allowed: 8 to 256");
        check(s.getNoise() >= 0 && s.getNoise() <= 10, p.field("noise"),
            s.getNoise() + " is not allowed; allowed: 0 to 10");
      }
      case IMAGE_FOLDER -> {
        var f = data.getImageFolder();
        FieldPath p = at.field("image_folder");
        check(!f.getPath().isEmpty(), p.field("path"), "a directory is required");
        Path root = Path.of(f.getPath());
        boolean archive = f.getPath().matches(".*\\.(tar\\.gz|tgz|tar)$");
        check(archive ? Files.isRegularFile(root) : Files.isDirectory(root), p.field("path"),
            (archive ? "archive " : "directory ") + root + " does not exist");
        if (!archive) {
          check(Files.isDirectory(root.resolve(f.getTrainDir())), p.field("train_dir"),
              "directory " + root.resolve(f.getTrainDir()) + " does not exist");
          check(Files.isDirectory(root.resolve(f.getTestDir())), p.field("test_dir"),
              "directory " + root.resolve(f.getTestDir()) + " does not exist");
        }
        check(!Path.of(f.getTrainDir()).normalize().equals(Path.of(f.getTestDir()).normalize()),
            p.field("test_dir"), "'" + f.getTestDir() + "' is also the train_dir: the test set "
                + "would be the training set; name another folder");
        check(f.getImageSize() >= 8 && f.getImageSize() <= 256, p.field("image_size"),
            f.getImageSize() + " is not allowed; allowed: 8 to 256");
      }
      case CIFAR10 -> checkExists(data.getCifar10().getPath(), at.field("cifar10").field("path"),
          "cifar10");
      case CIFAR100 -> checkExists(data.getCifar100().getPath(),
          at.field("cifar100").field("path"), "cifar100");
      case TINY_IMAGENET -> {
        checkExists(data.getTinyImagenet().getPath(), at.field("tiny_imagenet").field("path"),
            "tinyimagenet");
        int s = data.getTinyImagenet().getImageSize();
        check(s >= 8 && s <= 256, at.field("tiny_imagenet").field("image_size"),
            s + " is not allowed; allowed: 8 to 256");
      }
      case SOURCE_NOT_SET -> throw error(at, "a data source is required: synthetic, "
          + "image_folder, cifar10, cifar100 or tiny_imagenet");
    }
    int size = switch (data.getSourceCase()) {
      case IMAGE_FOLDER -> data.getImageFolder().getImageSize();
      case SYNTHETIC -> data.getSynthetic().getImageSize();
      case TINY_IMAGENET -> data.getTinyImagenet().getImageSize();
      default -> 32;
    };
    int padding = data.getAugmentation().getCropPadding();
    check(padding >= 0 && padding <= size / 2, at.field("augmentation").field("crop_padding"),
        padding + " is not allowed; allowed: 0 to " + size / 2);
    check(data.getMaxImagePixels() >= 1, at.field("max_image_pixels"),
        data.getMaxImagePixels() + " is not allowed; allowed: >= 1 (width x height)");
    check(data.getTeacherViews() >= 1 && data.getTeacherViews() <= 1024,
        at.field("teacher_views"), data.getTeacherViews() + " is not allowed; allowed: 1 to 1024");
    check(data.getTrainLimit() >= 0, at.field("train_limit"), "must be >= 0 (0: all)");
    check(data.getTestLimit() >= 0, at.field("test_limit"), "must be >= 0 (0: all)");
  }

  /** Creates a loss, pointing any failure of its plugin at the spec entry that names it. */
  private DistillationLoss createLoss(String name, Map<String, String> params, FieldPath at) {
    try {
      DistillationLoss loss = registry.create(PluginKind.LOSS, name, params,
          DistillationLoss.class);
      // Built, differentiated and run on a tiny graph now, not after the teachers trained.
      LossProbe.probe("loss '" + name + "' (" + registry.find(PluginKind.LOSS, name).origin()
          + ")", loss, 10, 3);
      return loss;
    } catch (PluginException e) {
      throw error(at, e.getMessage());
    }
  }

  private void checkExists(String path, FieldPath at, String fetchName) {
    check(!path.isEmpty(), at, "a path is required");
    check(Files.exists(Path.of(path)), at, path + " does not exist; get it with: kdas data "
        + "fetch " + fetchName + " --dir <dir>");
  }

  private void checkModel(ModelSpec model, FieldPath at) {
    var r = model.getResnet();
    FieldPath p = at.field("resnet");
    check(r.getDepth() >= 8 && (r.getDepth() - 2) % 6 == 0, p.field("depth"), r.getDepth()
        + " is not allowed; a CIFAR ResNet has depth 6n+2: 8, 14, 20, 26, 32, 44, 56, 110, ...");
    check(r.getWidth() >= 1 && r.getWidth() <= 512, p.field("width"),
        r.getWidth() + " is not allowed; allowed: 1 to 512");
  }

  private void checkTraining(TrainingSpec t, FieldPath at) {
    check(t.getEpochs() >= 1, at.field("epochs"), t.getEpochs() + " is not allowed; must be >= 1");
    check(t.getBatchSize() >= 1 && t.getBatchSize() <= 4096, at.field("batch_size"),
        t.getBatchSize() + " is not allowed; allowed: 1 to 4096");
    check(t.getWeightDecay() >= 0 && t.getWeightDecay() < 1, at.field("weight_decay"),
        t.getWeightDecay() + " is not allowed; allowed: 0 <= weight_decay < 1");
    float momentum = t.getOptimizer().getMomentum();
    check(momentum >= 0 && momentum < 1, at.field("optimizer").field("momentum"),
        momentum + " is not allowed; allowed: 0 <= momentum < 1");
    LearningRateSpec lr = t.getLearningRate();
    FieldPath p = at.field("learning_rate");
    check(lr.getInitial() > 0 && lr.getInitial() <= 10, p.field("initial"),
        lr.getInitial() + " is not allowed; allowed: 0 < initial <= 10");
    check(lr.getWarmupEpochs() >= 0 && lr.getWarmupEpochs() < t.getEpochs(),
        p.field("warmup_epochs"), lr.getWarmupEpochs() + " is not allowed; allowed: 0 to "
            + (t.getEpochs() - 1) + " (fewer than the epochs)");
    if (lr.hasStep()) {
      int previous = 0;
      for (int i = 0; i < lr.getStep().getBoundaryCount(); i++) {
        int b = lr.getStep().getBoundary(i);
        check(b > previous && b < t.getEpochs(), p.field("step").element("boundary", i),
            b + " is not allowed; boundaries must increase and lie in 1.." + (t.getEpochs() - 1));
        previous = b;
      }
      float f = lr.getStep().getFactor();
      check(f > 0 && f <= 1, p.field("step").field("factor"),
          f + " is not allowed; allowed: 0 < factor <= 1");
    } else {
      float f = lr.getCosine().getFinalFraction();
      check(f >= 0 && f <= 1, p.field("cosine").field("final_fraction"),
          f + " is not allowed; allowed: 0 to 1");
    }
  }

  /** The add-on layers of a student's architecture file, loaded; null if it has none. */
  private FixedAddOns checkAddOns(RunSpec spec, StudentSpec s, FieldPath student) {
    if (s.hasSearched()) {
      FieldPath at = student.field("searched");
      check(s.getSearched(), at, "false is not allowed; leave the field out for the plain "
          + "backbone");
      check(spec.hasSearch(), at, "a searched student needs a search section");
      return null;
    }
    if (!s.hasArchitectureFile()) {
      return null;
    }
    FieldPath at = student.field("architecture_file");
    String a = s.getArchitectureFile();
    Architecture arch;
    try {
      arch = ArchitectureFile.read(Path.of(a));
    } catch (SpecException e) {
      throw error(at, e.getMessage());
    }
    for (int j = 0; j < arch.getLayerCount(); j++) {
      String op = arch.getLayer(j).getOperation();
      check(registry.names(PluginKind.OPERATION).contains(op), at, a + ": layer " + (j + 1)
          + " uses operation '" + op + "', which is not installed; installed: "
          + String.join(", ", registry.names(PluginKind.OPERATION)));
    }
    try {
      new io.kdas.runtime.model.ResNet(SpecDefaults.fill(arch.getBackbone()).getResnet());
    } catch (IllegalArgumentException e) {
      throw error(at, a + ": backbone: " + e.getMessage());
    }
    String positions = io.kdas.runtime.model.ModelDefinition.positionProblem(
        SpecDefaults.fill(arch.getBackbone()), arch.getPositionList());
    check(positions == null, at, a + ": " + positions);
    try {
      return new FixedAddOns(arch, OperationCatalog.load(registry, arch.getLayerList().stream()
          .map(l -> l.getOperation()).distinct().toList()));
    } catch (PluginException | IllegalArgumentException e) {
      throw error(at, a + ": " + e.getMessage());
    }
  }

  /** Checks the search section, resolves its plugins' parameters into {@code run}. */
  private RunPlan.Search checkSearch(RunSpec spec, RunSpec.Builder run, FieldPath at) {
    SearchSpec s = spec.getSearch();
    SearchSpec.Builder resolved = run.getSearchBuilder();
    resolved.getStrategyBuilder().clearParams().putAllParams(
        plugin(PluginKind.STRATEGY, s.getStrategy(), at.field("strategy")));
    resolved.getLossBuilder().clearParams().putAllParams(
        plugin(PluginKind.LOSS, s.getLoss(), at.field("loss")));
    Map<String, CandidateOperation> operations = new LinkedHashMap<>();
    for (int i = 0; i < s.getOperationCount(); i++) {
      check(registry.names(PluginKind.OPERATION).contains(s.getOperation(i)),
          at.element("operation", i), "'" + s.getOperation(i) + "' is not an installed "
              + "operation; installed: " + String.join(", ", registry.names(PluginKind.OPERATION)));
      try {
        operations.putAll(OperationCatalog.load(registry, List.of(s.getOperation(i))));
      } catch (PluginException e) {
        throw error(at.element("operation", i), e.getMessage());
      }
    }
    ModelSpec backbone = s.getBackbone(); // resolved by SpecDefaults
    checkModel(backbone, at.field("backbone"));
    probeStrategy(s, resolved.getStrategy(), backbone, spec.getSeed(), at.field("strategy"));
    if (s.getOperationCount() == 0) {
      for (String op : OperationCatalog.PAPER_OPERATIONS) {
        check(registry.names(PluginKind.OPERATION).contains(op), at.field("operation"),
            "the default operation '" + op + "' is not installed; list the operations to use");
      }
      try {
        operations.putAll(OperationCatalog.load(registry, OperationCatalog.PAPER_OPERATIONS));
      } catch (PluginException e) {
        throw error(at.field("operation"), e.getMessage());
      }
    }
    int blocks = (backbone.getResnet().getDepth() - 2) / 6;
    for (int i = 0; i < s.getPositionCount(); i++) {
      var p = s.getPosition(i);
      check(p.getStage() >= 1 && p.getStage() <= 3, at.element("position", i).field("stage"),
          p.getStage() + " is not allowed; allowed: 1 to 3");
      check(p.getAfterBlock() >= 1 && p.getAfterBlock() <= blocks,
          at.element("position", i).field("after_block"), p.getAfterBlock()
              + " is not allowed; the backbone has blocks 1 to " + blocks + " per stage");
      if (i > 0) {
        var q = s.getPosition(i - 1);
        check(p.getStage() > q.getStage() || p.getStage() == q.getStage()
                && p.getAfterBlock() > q.getAfterBlock(), at.element("position", i),
            "stage " + p.getStage() + " after_block " + p.getAfterBlock() + " does not come "
                + "after position[" + (i - 1) + "] (stage " + q.getStage() + " after_block "
                + q.getAfterBlock() + "); list positions in network order, each block once");
      }
    }
    check(s.getConnections() >= 0 && s.getConnections() <= 4, at.field("connections"),
        s.getConnections() + " is not allowed; allowed: 0 to 4");
    int train = knownTrainSize();
    check(s.getValidationExamples() >= 1 && s.getValidationExamples() < train,
        at.field("validation_examples"), s.getValidationExamples()
            + " is not allowed; hold out at least 1 and fewer than the training examples");
    var budget = s.getBudget();
    check(budget.getLimit() >= 0, at.field("budget").field("limit"), "must be >= 0 (0: none)");
    check(budget.getMode() != BudgetSpec.Mode.SOFT || Float.isFinite(budget.getExponent())
            && budget.getExponent() <= 0, at.field("budget").field("exponent"),
        budget.getExponent() + " is not allowed; a soft budget needs a finite exponent <= 0 "
            + "(reward = accuracy * (size / limit)^exponent above the limit)");
    check(s.getTrials() >= 1, at.field("trials"), "must be >= 1");
    check(s.getSharedEpochs() >= 1, at.field("shared_epochs"), "must be >= 1");
    check(s.getControllerSteps() >= 1, at.field("controller_steps"), "must be >= 1");
    check(s.getRewardBatches() >= 1, at.field("reward_batches"), "must be >= 1");
    check(s.getFinalCandidates() >= 1, at.field("final_candidates"), "must be >= 1");
    check(s.getParallelTrials() >= 1 && s.getParallelTrials() <= 1024,
        at.field("parallel_trials"), s.getParallelTrials() + " is not allowed; allowed: 1 to 1024");
    check(s.getParetoExports() >= 0 && s.getParetoExports() <= 32, at.field("pareto_exports"),
        s.getParetoExports() + " is not allowed; allowed: 0 (none) to 32");
    checkTraining(s.getChildTraining(), at.field("child_training"));
    long childExamples = train == Integer.MAX_VALUE ? train
        : (long) train - s.getValidationExamples();
    checkBatch(s.getChildTraining(), childExamples, at.field("child_training"),
        "training examples left after validation_examples are held out");
    checkBatch(s.getSharedTraining(), childExamples, at.field("shared_training"),
        "training examples left after validation_examples are held out");
    checkTraining(s.getSharedTraining().toBuilder().setEpochs(s.getSharedEpochs()).build(),
        at.field("shared_training"));
    DistillationLoss loss = createLoss(s.getLoss().getName(),
        resolved.getLoss().getParamsMap(), at.field("loss"));
    SearchPlan space = new SearchPlan(backbone, SearchPlan.positions(s, backbone), operations,
        s.getConnections());
    return new RunPlan.Search(space, loss);
  }

  /**
   * Creates the strategy, starts it on the run's space and asks it for one architecture: a
   * strategy that throws or proposes outside the space fails here, in seconds.
   */
  private void probeStrategy(SearchSpec s, PluginRef strategy, ModelSpec backbone, long seed,
      FieldPath at) {
    String who = "strategy '" + strategy.getName() + "' (" + registry.find(PluginKind.STRATEGY,
        strategy.getName()).origin() + ")";
    List<String> ops = s.getOperationCount() > 0 ? s.getOperationList()
        : OperationCatalog.PAPER_OPERATIONS;
    io.kdas.api.search.SearchSpace space = new io.kdas.api.search.SearchSpace(
        SearchPlan.positions(s, SpecDefaults.fill(backbone)).size(), ops, s.getConnections());
    try (io.kdas.api.search.SearchStrategy probe = registry.create(PluginKind.STRATEGY,
        strategy.getName(), strategy.getParamsMap(), io.kdas.api.search.SearchStrategy.class)) {
      List<Architecture> asked;
      try {
        probe.start(space, seed);
        asked = probe.ask(1);
      } catch (RuntimeException e) {
        throw error(at, who + " failed when started and asked for an architecture of the "
            + "run's space: " + e);
      }
      check(asked != null && !asked.isEmpty(), at, who + " proposed nothing when asked for "
          + "an architecture");
      for (Architecture a : asked) {
        boolean fits = a.getLayerCount() == space.layers() && a.getLayerList().stream()
            .allMatch(l -> ops.contains(l.getOperation())
                && l.getConnectionCount() == space.connections());
        check(fits, at, who + " proposed " + io.kdas.runtime.model.Architectures.describe(a)
            + ", which is not in the run's space (" + space.layers() + " layers of " + ops
            + ", " + space.connections() + " connections each)");
      }
    } catch (PluginException e) {
      throw error(at, e.getMessage());
    }
  }

  /**
   * The training examples a run will have, where the spec or a cheap look at the source says
   * ({@link SourceSize}); {@code Integer.MAX_VALUE} where only loading the data can tell.
   */
  private int knownTrainSize() {
    return sourceSize.knowsTrainExamples() ? sourceSize.trainExamples() : Integer.MAX_VALUE;
  }

  /**
   * Estimates the teacher prediction store of a run that stores views, and refuses one that the
   * disk under the output folder cannot hold.
   */
  private void checkStore(RunSpec spec) {
    if (spec.getData().getViewMode() != io.kdas.proto.ViewMode.STORED) {
      return;
    }
    int teachers = spec.getTeachers().getSavedModelCount() > 0
        ? spec.getTeachers().getSavedModelCount() : spec.getTeachers().getCount();
    store = new StoreEstimate(sourceSize.trainExamples(), spec.getData().getTeacherViews(),
        teachers, sourceSize.classes(), Runtime.getRuntime().maxMemory());
    if (!store.known()) {
      return;
    }
    check((long) store.examples() * store.views() <= Integer.MAX_VALUE,
        root.field("data").field("teacher_views"), store.views() + " views of " + store.examples()
            + " examples are more (example, view) pairs than a store indexes (2^31 - 1); lower "
            + "teacher_views or use view_mode FRESH");
    Path disk = Path.of(spec.getOutputDir()).toAbsolutePath();
    while (disk != null && !Files.exists(disk)) {
      disk = disk.getParent();
    }
    long free;
    try {
      free = disk == null ? Long.MAX_VALUE : Files.getFileStore(disk).getUsableSpace();
    } catch (java.io.IOException e) {
      return;
    }
    check(store.diskBytes() <= free, root.field("data").field("teacher_views"),
        spec.getData().getTeacherViews() + " views need " + StoreEstimate.size(store.diskBytes())
            + " of disk for the teacher prediction store (" + store.describe() + "), but only "
            + StoreEstimate.size(free) + " is free under " + disk + "; lower teacher_views, "
            + "free disk, or use view_mode FRESH");
  }

  /** A batch larger than the examples it is drawn from would give an epoch of no steps. */
  private void checkBatch(TrainingSpec t, long examples, FieldPath at, String what) {
    check(examples == Integer.MAX_VALUE || t.getBatchSize() <= examples, at.field("batch_size"),
        t.getBatchSize() + " is larger than the " + examples + " " + what + "; allowed: 1 to "
            + examples);
  }

  private Map<String, String> plugin(PluginKind kind, PluginRef ref, FieldPath at) {
    check(!ref.getName().isEmpty(), at.field("name"), "a " + kind.label()
        + " is required; installed: " + String.join(", ", registry.names(kind)));
    PluginDescriptor d;
    try {
      d = registry.find(kind, ref.getName());
    } catch (PluginException e) {
      throw error(at.field("name"), "'" + ref.getName() + "' is not an installed "
          + kind.label() + "; installed: " + String.join(", ", registry.names(kind)));
    }
    Map<String, String> resolved = new LinkedHashMap<>();
    try {
      registry.resolve(d, ref.getParamsMap()).asMap()
          .forEach((k, v) -> resolved.put(k, String.valueOf(v)));
    } catch (PluginException e) {
      throw error(at.field("params"), e.getMessage());
    }
    return resolved;
  }

  private void check(boolean ok, FieldPath at, String problem) {
    if (!ok) {
      throw error(at, problem);
    }
  }

  private SpecException error(FieldPath at, String problem) {
    return new SpecException(source.locate(at) + ": " + at + ": " + problem);
  }
}
