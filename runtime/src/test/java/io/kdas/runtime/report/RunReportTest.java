package io.kdas.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

  private static RunReport.Trial t(int i, double acc, long bytes, long macs) {
    return new RunReport.Trial(i, "search", "a" + i, acc, acc, bytes, macs);
  }

  @Test
  void paretoFrontKeepsWhatNothingBeatsInBothSizeAndAccuracy() {
    List<RunReport.Trial> trials = List.of(t(1, 0.50, 300, 30), t(2, 0.60, 500, 10),
        t(3, 0.55, 400, 20), t(4, 0.58, 400, 40), t(5, 0.40, 100, 50), t(6, 0.60, 600, 5));
    // By bytes: 5 (smallest), 1, 4 (beats 3 at the same size), 2; 6 is as accurate as 2 but larger.
    assertEquals(List.of(5, 1, 4, 2), RunReport.front(trials, true).stream()
        .map(RunReport.Trial::index).toList());
    // By MACs: 6 is smallest and most accurate: it dominates everything.
    assertEquals(List.of(6), RunReport.front(trials, false).stream()
        .map(RunReport.Trial::index).toList());
  }

  @Test
  void frontIsDrawnOverTheFinalPhaseWhenThereIsOne() {
    // The search phase's few-batch scores are noisy: a lucky small child there must not push
    // the finalists (scored on the whole validation split) off the front.
    List<RunReport.Trial> trials = List.of(t(1, 0.90, 100, 10),
        new RunReport.Trial(2, "final", "a2", 0.6, 0.6, 200, 20),
        new RunReport.Trial(3, "final", "a3", 0.7, 0.7, 300, 30),
        new RunReport.Trial(4, "final", "a4", 0.5, 0.5, 400, 40));
    assertEquals(List.of(2, 3), RunReport.front(trials, true).stream()
        .map(RunReport.Trial::index).toList());
    assertEquals(List.of(1), RunReport.front(List.of(t(1, 0.9, 100, 10), t(5, 0.8, 200, 5)),
        true).stream().map(RunReport.Trial::index).toList());
  }

  @Test
  void architecturesTrainedAsStudentsAreRingedAndNamedAndStudentsPlottedBySize(
      @TempDir Path run) throws Exception {
    Files.createDirectories(run.resolve("search"));
    Files.writeString(run.resolve("search/trials.csv"), """
        index,phase,architecture,reward,accuracy,parameters,bytes,flops,seconds,elapsed,failure,same_as
        1,search,conv-3x3[1],0.5,0.5,10,40,100,1.0,1.0,,
        2,search,avg-pool-3x3[0],0.4,0.4,8,32,90,1.0,2.0,,
        3,final,conv-3x3[1],0.55,0.55,10,40,100,1.0,3.0,,
        4,final,avg-pool-3x3[0],0.45,0.45,8,32,90,1.0,4.0,,
        """);
    for (String[] s : new String[][] {{"kdas", "conv-3x3"}, {"pareto-1", "avg-pool-3x3"}}) {
      Path dir = Files.createDirectories(run.resolve("students/" + s[0]));
      Files.writeString(dir.resolve("architecture.textproto"), "layer { operation: \"" + s[1]
          + "\" connection: " + s[0].equals("kdas") + " }\n");
    }
    Files.createDirectories(run.resolve("students/backbone"));
    Files.writeString(run.resolve("summary.md"), """
        # KDAS run r

        ## Students (test split)

        | student | model | loss | top-1 | top-5 | parameters | model bytes | train time | export |
        |---|---|---|---|---|---|---|---|---|
        | kdas | resnet-8+1 | oracle-kd {temperature=4.0} | 0.7310 | 0.9854 | 10 | 1,040 | 3:37 | off |
        | backbone | resnet-8 | oracle-kd {temperature=4.0} | 0.7134 | 0.9818 | 8 | 1,000 | 2:43 | off |

        Per-epoch metrics: metrics.csv.
        """);
    assertEquals(Map.of("conv-3x3[1]", "kdas", "avg-pool-3x3[0]", "pareto-1"),
        RunReport.searchedStudents(run.resolve("students")));
    assertEquals(List.of(new RunReport.StudentPoint("kdas", 0.7310, 1040),
        new RunReport.StudentPoint("backbone", 0.7134, 1000)),
        RunReport.StudentPoint.of(Files.readString(run.resolve("summary.md"))));
    String html = RunReport.html(run);
    assertTrue(html.contains("trained as students"), "the ring's legend entry");
    assertTrue(html.contains(">pareto-1</text>") && html.contains(">kdas</text>"),
        "each ringed architecture is named by its student in the chart");
    assertTrue(html.contains("Students: test top-1 against model bytes"));
    assertTrue(html.contains(">backbone</text>"), "every student of the table is a point");
    assertTrue(html.contains("drawn over the final phase"));
  }

  @Test
  void onlyTrialsWithAMeasuredAccuracyArePlotted() {
    List<String[]> rows = Csv.rows("""
        index,phase,architecture,reward,accuracy,parameters,bytes,flops,seconds,elapsed,failure,same_as
        1,search,conv-3x3[1],0.5,0.5,10,40,100,1.0,1.0,,
        2,search,conv-5x5[1],0.0,,20,80,200,0.0,2.0,"over budget bytes <= 60 (hard)",
        2,duplicate,conv-3x3[1],0.5,0.5,10,40,100,0.00,2.5,,1
        3,search,sep-conv-3x3[0],0.25,,12,48,120,0.5,3.0,"diverged, ""loss"" NaN",
        """);
    assertEquals(List.of(1), RunReport.scored(rows).stream().map(RunReport.Trial::index)
        .toList());
    assertEquals("diverged, \"loss\" NaN", rows.get(3)[10]);
  }

  @Test
  void budgetLineComesFromTheResolvedSpec() {
    RunReport.Budget b = RunReport.Budget.of("search {\n  budget {\n    measure: BYTES\n"
        + "    limit: 600000\n    mode: HARD\n  }\n}\n");
    assertTrue(b.bytes());
    assertEquals(600000, b.limit());
    assertNull(RunReport.Budget.of("search {\n  budget {\n    measure: PARAMETERS\n"
        + "    limit: 5\n  }\n}\n"), "a parameter budget has no line on these charts");
  }

  @Test
  void summaryTablesBecomeHtmlTablesEscaped() {
    String html = Markdown.toHtml("# Run <x>\n\n| a | b |\n|---|---|\n| 1 & 2 | <3> |\n\nend");
    assertEquals("<h1>Run &lt;x&gt;</h1>\n<table>\n<tr><th>a</th><th>b</th></tr>\n"
        + "<tr><td>1 &amp; 2</td><td>&lt;3&gt;</td></tr>\n</table>\n<p>end</p>\n", html);
  }
}
