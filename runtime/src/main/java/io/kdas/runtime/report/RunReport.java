package io.kdas.runtime.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
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
 * against its size with the Pareto front and the budget, and the provenance. Charts are drawn by
 * JFreeChart into SVG embedded in the page. Everything comes from the run folder's own files
 * (summary.md, metrics.csv, search/trials.csv, resolved-spec.textproto, provenance.txt), so
 * {@code kdas report RUN_DIR} regenerates it at any time.
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
      b.append("<h2>Search</h2>\n<p>").append(scored.size()).append(" architectures scored (")
          .append(trials.size() - scored.size()).append(" rows without a measured accuracy: "
              + "rejected by the budget, failed, or duplicates).</p>\n");
      b.append(figure(rewards(scored)));
      b.append(figure(scatter(scored, true, budget)));
      b.append(figure(scatter(scored, false, budget)));
    }
    String provenance = read(run.resolve("provenance.txt"));
    if (!provenance.isEmpty() && !summary.contains("## Provenance")) {
      b.append("<h2>Provenance</h2>\n<pre>").append(escape(provenance)).append("</pre>\n");
    }
    return b.append("</body></html>\n").toString();
  }

  /** One scored architecture of trials.csv. */
  record Trial(int index, String architecture, double reward, double accuracy, long bytes,
      long macs) {}

  /** The trials with a measured accuracy (no failure, not a duplicate row). */
  static List<Trial> scored(List<String[]> rows) {
    List<Trial> out = new ArrayList<>();
    for (String[] r : rows) {
      // index,phase,architecture,reward,accuracy,parameters,bytes,flops,seconds,elapsed,failure,..
      if (r.length < 11 || r[1].equals("duplicate") || !r[10].isEmpty() || r[4].isEmpty()) {
        continue;
      }
      out.add(new Trial(Integer.parseInt(r[0]), r[2], Double.parseDouble(r[3]),
          Double.parseDouble(r[4]), Long.parseLong(r[6]), Long.parseLong(r[7])));
    }
    return out;
  }

  /** The Pareto front of (bytes or MACs, accuracy), smallest first. */
  static List<Trial> front(List<Trial> trials, boolean bySize) {
    return ParetoFront.of(trials, t -> size(t, bySize), Trial::accuracy);
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

  private static JFreeChart scatter(List<Trial> trials, boolean bySize, Budget budget) {
    XYSeries all = new XYSeries("scored architectures");
    XYSeries front = new XYSeries("Pareto front");
    for (Trial t : trials) {
      all.add(size(t, bySize), t.accuracy());
    }
    for (Trial t : front(trials, bySize)) {
      front.add(size(t, bySize), t.accuracy());
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(all);
    data.addSeries(front);
    String what = bySize ? "model bytes" : "MACs";
    JFreeChart chart = ChartFactory.createScatterPlot("Validation accuracy against " + what,
        what, "validation top-1", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    renderer.setSeriesLinesVisible(0, false);
    renderer.setSeriesStroke(1, new BasicStroke(2f));
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
