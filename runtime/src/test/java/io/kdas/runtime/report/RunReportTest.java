package io.kdas.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunReportTest {

  private static RunReport.Trial t(int i, double acc, long bytes, long macs) {
    return new RunReport.Trial(i, "a" + i, acc, acc, bytes, macs);
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
