package io.kdas.runtime.spec;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.kdas.proto.LearningRateSpec;
import io.kdas.proto.ModelSpec;
import io.kdas.proto.ResNetSpec;
import io.kdas.proto.RunSpec;
import io.kdas.proto.SearchSpec;
import io.kdas.proto.StudentSpec;

/**
 * Writes every default of a spec out explicitly, so that the resolved spec in a run directory
 * says everything the run used (protobuf's declared defaults, plus the choices this runtime makes
 * for unset oneofs and plugins: a ResNet-32 model, a cosine schedule, the reinforce strategy and
 * the oracle-kd loss for a search).
 */
public final class SpecDefaults {

  private SpecDefaults() {}

  /** A copy of {@code message} with every unset singular field set to its default. */
  @SuppressWarnings("unchecked")
  public static <M extends Message> M fill(M message) {
    Message.Builder b = message.toBuilder();
    if (b instanceof RunSpec.Builder run) {
      resolveSearchBackbone(run);
    }
    fill(b);
    return (M) b.build();
  }

  /**
   * An unset search backbone is the model of the first student whose architecture is searched:
   * set it before defaults are filled in, or it would become the default ResNet.
   */
  private static void resolveSearchBackbone(RunSpec.Builder run) {
    if (!run.hasSearch() || run.getSearch().hasBackbone()) {
      return;
    }
    run.getStudentList().stream().filter(StudentSpec::getSearched)
        .findFirst().ifPresent(s -> run.getSearchBuilder().setBackbone(s.getModel()));
  }

  private static void fill(Message.Builder b) {
    if (b instanceof ModelSpec.Builder model && model.getKindCase() == ModelSpec.KindCase.KIND_NOT_SET) {
      model.setResnet(ResNetSpec.getDefaultInstance());
    }
    if (b instanceof SearchSpec.Builder search) {
      if (search.getStrategy().getName().isEmpty()) {
        search.getStrategyBuilder().setName("reinforce");
      }
      if (search.getLoss().getName().isEmpty()) {
        search.getLossBuilder().setName("oracle-kd");
      }
    }
    if (b instanceof LearningRateSpec.Builder lr
        && lr.getScheduleCase() == LearningRateSpec.ScheduleCase.SCHEDULE_NOT_SET) {
      lr.getCosineBuilder();
    }
    for (FieldDescriptor f : b.getDescriptorForType().getFields()) {
      if (f.isMapField()) {
        continue;
      }
      if (f.isRepeated()) {
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          for (int i = 0; i < b.getRepeatedFieldCount(f); i++) {
            fill(b.getRepeatedFieldBuilder(f, i));
          }
        }
        continue;
      }
      boolean inUnsetOneof = f.getContainingOneof() != null && !b.hasField(f);
      if (inUnsetOneof) {
        continue;
      }
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        fill(b.getFieldBuilder(f));
      } else if (!b.hasField(f)) {
        b.setField(f, f.getDefaultValue());
      }
    }
  }
}
