package io.kdas.runtime.report;

import com.google.protobuf.TextFormat;
import io.kdas.proto.Architecture;
import io.kdas.runtime.model.Architectures;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * {@code RUN_DIR/report.html}: one self-contained page (no scripts, no network) with the run's
 * summary tables, learning curves, the search's reward over trials and every scored architecture
 * against its size with the Pareto front, the budget and the architectures trained as students,
 * the students' test accuracy against their size, and the provenance. Charts are drawn by
 * JFreeChart into SVG embedded in the page. Everything comes from the run folder's own files
 * (summary.md, metrics.csv, search/trials.csv, students/NAME/architecture.textproto,
 * resolved-spec.textproto, provenance.txt), so {@code kdas report RUN_DIR} regenerates it at any
 * time.
 */
public final class RunReport {

  public static final String FILE = "report.html";
  private static final int WIDTH = 760;
  private static final int HEIGHT = 380;

  private RunReport() {}

  /** Writes (or rewrites) the report of the run in {@code run}; returns its path. */
  public static Path write(Path run) {
    System.setProperty("java.awt.headless", "true");
    String html = html(run);
    Path file = run.resolve(FILE);
    Path temp = run.resolve(FILE + ".tmp");
    try {
      Files.writeString(temp, html);
      Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  static String html(Path run) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>KDAS report: ").append(escape(run.getFileName().toString()))
        .append("</title><style>").append(STYLE).append("</style></head><body>\n");
    String summary = read(run.resolve("summary.md"));
    b.append(Markdown.toHtml(summary));
    List<String[]> metrics = Csv.rows(read(run.resolve("metrics.csv")));
    if (!metrics.isEmpty()) {
      b.append("<h2>Learning curves</h2>\n");
      b.append(figure(curves(metrics, 7, "Test top-1 by epoch", "top-1")));
      b.append(figure(curves(metrics, 4, "Training loss by epoch", "loss")));
    }
    List<String[]> trials = Csv.rows(read(run.resolve("search/trials.csv")));
    List<Trial> scored = scored(trials);
    if (!scored.isEmpty()) {
      Budget budget = Budget.of(read(run.resolve("resolved-spec.textproto")));
      Map<String, String> students = searchedStudents(run.resolve("students"));
      b.append("<h2>Search</h2>\n<p>").append(scored.size()).append(" architectures scored (")
          .append(trials.size() - scored.size()).append(" rows without a measured accuracy: "
              + "rejected by the budget, failed, or duplicates).");
      if (scored.stream().anyMatch(t -> t.phase().equals(FINAL))) {
        b.append(" The front is drawn over the final phase, where the best candidates were "
            + "scored on the whole validation split; the search phase's scores come from a few "
            + "batches.");
      }
      b.append("</p>\n");
      b.append(figure(rewards(scored)));
      b.append(figure(scatter(scored, true, budget, students)));
      b.append(figure(scatter(scored, false, budget, students)));
    }
    List<StudentPoint> trained = StudentPoint.of(summary);
    if (trained.size() > 1) {
      b.append(figure(students(trained)));
    }
    String provenance = read(run.resolve("provenance.txt"));
    if (!provenance.isEmpty() && !summary.contains("## Provenance")) {
      b.append("<h2>Provenance</h2>\n<pre>").append(escape(provenance)).append("</pre>\n");
    }
    return b.append("</body></html>\n").toString();
  }

  /** The phase of trials.csv whose candidates were scored on the whole validation split. */
  static final String FINAL = "final";

  /** One scored architecture of trials.csv. */
  record Trial(int index, String phase, String architecture, double reward, double accuracy,
      long bytes, long macs) {}

  /** The trials with a measured accuracy (no failure, not a duplicate row). */
  static List<Trial> scored(List<String[]> rows) {
    List<Trial> out = new ArrayList<>();
    for (String[] r : rows) {
      // index,phase,architecture,reward,accuracy,parameters,bytes,flops,seconds,elapsed,failure,..
      if (r.length < 11 || r[1].equals("duplicate") || !r[10].isEmpty() || r[4].isEmpty()) {
        continue;
      }
      out.add(new Trial(Integer.parseInt(r[0]), r[1], r[2], Double.parseDouble(r[3]),
          Double.parseDouble(r[4]), Long.parseLong(r[6]), Long.parseLong(r[7])));
    }
    return out;
  }

  /**
   * The Pareto front of (bytes or MACs, accuracy), smallest first, over the phase the search's
   * result comes from: the final phase when there is one (the same trials the run's
   * {@code pareto-K} students are picked from), else every scored trial.
   */
  static List<Trial> front(List<Trial> trials, boolean bySize) {
    return ParetoFront.of(ranked(trials), t -> size(t, bySize), Trial::accuracy);
  }

  private static List<Trial> ranked(List<Trial> trials) {
    List<Trial> last = trials.stream().filter(t -> t.phase().equals(FINAL)).toList();
    return last.isEmpty() ? trials : last;
  }

  /**
   * The architectures trained as students, by their description in trials.csv: each
   * {@code students/NAME/architecture.textproto} (written for searched students only).
   */
  static Map<String, String> searchedStudents(Path studentsDir) {
    Map<String, String> byArchitecture = new LinkedHashMap<>();
    if (!Files.isDirectory(studentsDir)) {
      return byArchitecture;
    }
    try (var dirs = Files.list(studentsDir)) {
      for (Path dir : dirs.sorted().toList()) {
        Path file = dir.resolve("architecture.textproto");
        if (Files.isRegularFile(file)) {
          Architecture.Builder a = Architecture.newBuilder();
          TextFormat.merge(Files.readString(file), a);
          byArchitecture.merge(Architectures.describe(a.build()),
              dir.getFileName().toString(), (x, y) -> x + ", " + y);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + studentsDir, e);
    }
    return byArchitecture;
  }

  private static long size(Trial t, boolean bytes) {
    return bytes ? t.bytes() : t.macs();
  }

  private static JFreeChart curves(List<String[]> metrics, int column, String title,
      String axis) {
    Map<String, XYSeries> series = new LinkedHashMap<>();
    for (String[] r : metrics) {
      // model,epoch,epochs,learning_rate,train_loss,train_accuracy,eval_split,eval_top1,...
      series.computeIfAbsent(r[0], XYSeries::new)
          .add(Integer.parseInt(r[1]), Double.parseDouble(r[column]));
    }
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", axis, data,
        PlotOrientation.VERTICAL, true, false, false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    chart.getXYPlot().setRenderer(renderer);
    wholeNumbers(chart);
    return style(chart);
  }

  private static JFreeChart rewards(List<Trial> trials) {
    XYSeries reward = new XYSeries("reward");
    XYSeries best = new XYSeries("best so far");
    double top = Double.NEGATIVE_INFINITY;
    for (Trial t : trials) {
      reward.add(t.index(), t.reward());
      top = Math.max(top, t.reward());
      best.add(t.index(), top);
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(reward);
    data.addSeries(best);
    JFreeChart chart = ChartFactory.createXYLineChart("Search: reward by trial", "trial",
        "reward", data, PlotOrientation.VERTICAL, true, false, false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    renderer.setSeriesLinesVisible(0, false);
    renderer.setSeriesShapesVisible(1, false);
    renderer.setSeriesStroke(1, new BasicStroke(2f));
    chart.getXYPlot().setRenderer(renderer);
    wholeNumbers(chart);
    return style(chart);
  }

  /** Epochs and trials are counted: ticks at whole numbers only. */
  private static void wholeNumbers(JFreeChart chart) {
    ((NumberAxis) chart.getXYPlot().getDomainAxis())
        .setStandardTickUnits(NumberAxis.createIntegerTickUnits());
  }

  private static JFreeChart scatter(List<Trial> trials, boolean bySize, Budget budget,
      Map<String, String> students) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (String phase : trials.stream().map(Trial::phase).distinct().toList()) {
      XYSeries series = new XYSeries(phase + " phase");
      trials.stream().filter(t -> t.phase().equals(phase))
          .forEach(t -> series.add(size(t, bySize), t.accuracy()));
      data.addSeries(series);
    }
    XYSeries front = new XYSeries("Pareto front");
    front(trials, bySize).forEach(t -> front.add(size(t, bySize), t.accuracy()));
    data.addSeries(front);
    int frontSeries = data.getSeriesCount() - 1;
    // The architectures trained as students, ringed and named where the front is drawn.
    List<String> names = new ArrayList<>();
    XYSeries exported = new XYSeries("trained as students", false);
    for (Trial t : ranked(trials)) {
      String name = students.get(t.architecture());
      if (name != null && !names.contains(name)) {
        exported.add(size(t, bySize), t.accuracy());
        names.add(name);
      }
    }
    if (!names.isEmpty()) {
      data.addSeries(exported);
    }
    String what = bySize ? "model bytes" : "MACs";
    JFreeChart chart = ChartFactory.createScatterPlot("Validation accuracy against " + what,
        what, "validation top-1", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    renderer.setSeriesLinesVisible(frontSeries, true);
    renderer.setSeriesStroke(frontSeries, new BasicStroke(2f));
    if (!names.isEmpty()) {
      int ring = frontSeries + 1;
      renderer.setSeriesShape(ring, new Ellipse2D.Double(-7, -7, 14, 14));
      renderer.setSeriesShapesFilled(ring, false);
      renderer.setSeriesPaint(ring, Color.BLACK);
      renderer.setSeriesItemLabelGenerator(ring, (dataset, series, item) -> names.get(item));
      renderer.setSeriesItemLabelsVisible(ring, true);
    }
    plot.setRenderer(renderer);
    if (budget != null && budget.bytes() == bySize) {
      ValueMarker line = new ValueMarker(budget.limit(), Color.RED, new BasicStroke(1.5f));
      line.setLabel("budget " + String.format(Locale.ROOT, "%,d", (long) budget.limit()));
      plot.addDomainMarker(line);
      // The budget line is drawn even when every scored architecture is far below it.
      var axis = plot.getDomainAxis();
      if (axis.getUpperBound() < budget.limit() * 1.05) {
        axis.setRange(axis.getLowerBound(), budget.limit() * 1.05);
      }
    }
    return style(chart);
  }

  /** One row of summary.md's students table: what a user picks a model by. */
  record StudentPoint(String name, double top1, long bytes) {
    static List<StudentPoint> of(String summary) {
      List<StudentPoint> out = new ArrayList<>();
      int at = summary.indexOf("## Students (test split)");
      if (at < 0) {
        return out;
      }
      for (String line : summary.substring(at).split("\n")) {
        // | student | model | loss | top-1 | top-5 | parameters | model bytes | ...
        String[] c = line.split("\\|", -1);
        if (line.isBlank() && !out.isEmpty()) {
          break;
        }
        if (c.length < 9 || !c[4].trim().matches("[0-9.]+")) {
          continue; // the heading, the table's header and separator
        }
        out.add(new StudentPoint(c[1].trim(), Double.parseDouble(c[4].trim()),
            Long.parseLong(c[7].trim().replace(",", ""))));
      }
      return out;
    }
  }

  private static JFreeChart students(List<StudentPoint> students) {
    XYSeries series = new XYSeries("students", false);
    students.forEach(s -> series.add(s.bytes(), s.top1()));
    JFreeChart chart = ChartFactory.createScatterPlot("Students: test top-1 against model bytes",
        "model bytes", "test top-1", new XYSeriesCollection(series), PlotOrientation.VERTICAL,
        false, false, false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    renderer.setSeriesShape(0, new Ellipse2D.Double(-5, -5, 10, 10));
    renderer.setSeriesItemLabelGenerator(0, (dataset, s, item) -> students.get(item).name());
    renderer.setSeriesItemLabelsVisible(0, true);
    chart.getXYPlot().setRenderer(renderer);
    return style(chart);
  }

  private static JFreeChart style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getXYPlot().setBackgroundPaint(new Color(0xf7f7f7));
    return chart;
  }

  private static String figure(JFreeChart chart) {
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    return "<figure>" + g.getSVGElement(null, true, null, null, null) + "<figcaption>"
        + escape(chart.getTitle().getText()) + "</figcaption></figure>\n";
  }

  /** The search budget, when it limits bytes or MACs (read from the resolved spec). */
  record Budget(boolean bytes, double limit) {
    static Budget of(String resolvedSpec) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(
          "budget \\{[^}]*?measure: (BYTES|FLOPS)[^}]*?limit: ([0-9.eE+]+)").matcher(
              resolvedSpec.replace('\n', ' '));
      return m.find() && Double.parseDouble(m.group(2)) > 0
          ? new Budget(m.group(1).equals("BYTES"), Double.parseDouble(m.group(2))) : null;
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static final String STYLE = "body{font-family:sans-serif;max-width:1000px;margin:2em "
      + "auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:"
      + "0.9em}td,th{border:1px solid #ccc;padding:0.3em 0.6em;text-align:left}th{background:"
      + "#eee}figure{margin:1.5em 0;break-inside:avoid}figcaption{font-size:0.85em;color:#555}"
      + "pre{background:#f4f4f4;padding:1em;overflow-x:auto;font-size:0.85em}svg{max-width:"
      + "100%;height:auto}";
}
