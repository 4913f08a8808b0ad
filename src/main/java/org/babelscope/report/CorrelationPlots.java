package org.babelscope.report;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.babelscope.stats.LanguageLevel;
import org.hipparchus.stat.regression.SimpleRegression;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * correlate's plots as PNG, drawn with XChart off screen (AWT headless): a metric's value per
 * layer, one line per language; and alignment (mean over layers) against accuracy, one labelled
 * point per language, with the least-squares line.
 */
public final class CorrelationPlots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    /** More languages than this and the per-layer plot drops its legend (it would hide the plot). */
    private static final int MAX_LEGEND = 24;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private CorrelationPlots() {
    }

    /** Value per layer, one line per language (missing layers skipped). */
    public static byte[] perLayer(String metric, List<Integer> layers, Map<String, double[]> series) throws IOException {
        return perLayer(metric + " per layer", metric, layers, series);
    }

    /** As {@link #perLayer(String, List, Map)}, with its own title and y-axis label. */
    public static byte[] perLayer(String title, String yAxis, List<Integer> layers, Map<String, double[]> series)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle("layer").yAxisTitle(yAxis).build();
        style(chart);
        chart.getStyler().setLegendVisible(series.size() <= MAX_LEGEND);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < e.getValue().length && i < layers.size(); i++) {
                if (Double.isFinite(e.getValue()[i])) {
                    x.add((double) layers.get(i));
                    y.add(e.getValue()[i]);
                }
            }
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries(e.getKey(), x, y);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
        }
        return png(chart);
    }

    /** Alignment (x) against accuracy (y) per language, labelled, with the least-squares line. */
    public static byte[] scatter(String metric, String pooling, List<LanguageLevel.Row> rows) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(metric + " (" + pooling + " over layers) vs accuracy")
                .xAxisTitle(metric + ", " + pooling + " over layers").yAxisTitle("accuracy").build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (LanguageLevel.Row r : rows) {
            if (Double.isFinite(r.pooled(pooling)) && Double.isFinite(r.accuracy())) {
                x.add(r.pooled(pooling));
                y.add(r.accuracy());
                labels.add(r.alignmentKey());
            }
        }
        if (x.isEmpty()) {
            x.add(0.0);
            y.add(0.0);
            labels.add("(no language)");
        }
        XYSeries points = chart.addSeries("languages", x, y);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        double[] fit = leastSquares(x, y);
        if (fit != null) {
            double lo = x.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double hi = x.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            XYSeries line = chart.addSeries(String.format(java.util.Locale.ROOT, "least squares: y = %.3f + %.3f x", fit[0], fit[1]),
                    new double[] {lo, hi}, new double[] {fit[0] + fit[1] * lo, fit[0] + fit[1] * hi});
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
        }
        // labels just above their points (in data units: 3% of the y range)
        double yLo = y.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double yHi = y.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double lift = yHi > yLo ? 0.03 * (yHi - yLo) : 0.01;
        for (int i = 0; i < labels.size(); i++) {
            chart.addAnnotation(new AnnotationText(labels.get(i), x.get(i), y.get(i) + lift, false));
        }
        return png(chart);
    }

    /**
     * A value before (x) and after (y) a change, one labelled point per language, with the line
     * y = x: points above it gained.
     */
    public static byte[] beforeAfter(String title, String metric, List<String> labels, double[] before, double[] after)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(metric + " before").yAxisTitle(metric + " after").build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (Double.isFinite(before[i]) && Double.isFinite(after[i])) {
                x.add(before[i]);
                y.add(after[i]);
                names.add(labels.get(i));
            }
        }
        if (x.isEmpty()) {
            x.add(0.0);
            y.add(0.0);
            names.add("(no language)");
        }
        XYSeries points = chart.addSeries("languages", x, y);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        double lo = Math.min(x.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                y.stream().mapToDouble(Double::doubleValue).min().orElse(0));
        double hi = Math.max(x.stream().mapToDouble(Double::doubleValue).max().orElse(1),
                y.stream().mapToDouble(Double::doubleValue).max().orElse(1));
        XYSeries diagonal = chart.addSeries("no change", new double[] {lo, hi}, new double[] {lo, hi});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        for (int i = 0; i < names.size(); i++) {
            chart.addAnnotation(new AnnotationText(names.get(i), x.get(i), y.get(i), false));
        }
        return png(chart);
    }

    /** {intercept, slope} of the least-squares line (Hipparchus), or null for fewer than two distinct x. */
    public static double[] leastSquares(List<Double> x, List<Double> y) {
        SimpleRegression fit = new SimpleRegression();
        for (int i = 0; i < x.size(); i++) {
            fit.addData(x.get(i), y.get(i));
        }
        double slope = fit.getSlope();
        return Double.isNaN(slope) ? null : new double[] {fit.getIntercept(), slope};
    }

    private static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendBorderColor(Color.LIGHT_GRAY);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
    }

    private static byte[] png(XYChart chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
