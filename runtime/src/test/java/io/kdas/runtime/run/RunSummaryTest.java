package io.kdas.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kdas.api.op.OperationCost;
import io.kdas.api.search.TrialResult;
import io.kdas.proto.AddOnLayer;
import io.kdas.proto.Architecture;
import io.kdas.runtime.search.Trial;
import io.kdas.runtime.train.Accuracy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  private static Trial trial(String operation, long parameters, double accuracy) {
    Architecture a = Architecture.newBuilder().addLayer(AddOnLayer.newBuilder()
        .setOperation(operation).addConnection(true)).build();
    return new Trial(1, "final", a, new OperationCost(parameters, 0, parameters * 10),
        new TrialResult(accuracy, accuracy, parameters, parameters * 4, 1, null), 1);
  }

  private static StudentResult student(String name, double top1) {
    return new StudentResult(name, "resnet-8+1", "oracle-kd", Map.of(),
        new Accuracy(top1, 0.99, 100), 0, 0, 1, List.of(), null, Double.NaN);
  }

  @Test
  void searchedStudentsAreListedSmallestFirstWithTheirTestAccuracyOnceTrained() {
    Map<String, Trial> trials = new LinkedHashMap<>();
    trials.put("kdas", trial("conv-3x3", 300, 0.61));
    trials.put("pareto-1", trial("identity", 100, 0.52));
    trials.put("pareto-2", trial("avg-pool-3x3", 200, 0.58));
    String section = RunSummary.searchedStudents(trials,
        List.of(student("pareto-2", 0.7), student("kdas", 0.73456)));
    assertEquals("""
        ## Searched architectures trained as students

        | student | architecture | parameters | bytes | MACs | validation top-1 (search) | test top-1 |
        |---|---|---|---|---|---|---|
        | pareto-1 | identity[1] | 100 | 400 | 1,000 | 0.5200 | training |
        | pareto-2 | avg-pool-3x3[1] | 200 | 800 | 2,000 | 0.5800 | 0.7000 |
        | kdas | conv-3x3[1] | 300 | 1,200 | 3,000 | 0.6100 | 0.7346 |

        """, section);
  }

  @Test
  void aSingleSearchedStudentNeedsNoSection() {
    assertEquals("", RunSummary.searchedStudents(Map.of("kdas", trial("conv-3x3", 3, 0.6)),
        List.of()));
  }
}
