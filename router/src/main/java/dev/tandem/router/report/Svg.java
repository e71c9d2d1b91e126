package dev.tandem.router.report;

import java.util.List;
import java.util.Locale;

/** A small SVG writer for the report's charts: bars, lines, axes and labels, with escaped text. */
final class Svg {

    static final int WIDTH = 560;
    static final int HEIGHT = 260;
    static final int LEFT = 150;
    static final int RIGHT = 20;
    static final int TOP = 20;
    static final int BOTTOM = 40;

    private final StringBuilder out = new StringBuilder();

    Svg(String chart, String title) {
        out.append("<svg class=\"chart\" data-chart=\"")
                .append(escape(chart))
                .append("\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"")
                .append(escape(title))
                .append("\">");
    }

    /** A data mark: the test counts marks that Chromium drew with a non-zero size. */
    Svg bar(double x, double y, double width, double height, String colour, String tooltip) {
        out.append(String.format(
                Locale.ROOT,
                "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                x,
                y,
                Math.max(width, 1.0),
                Math.max(height, 1.0),
                colour,
                escape(tooltip)));
        return this;
    }

    Svg dot(double x, double y, String colour, String tooltip) {
        out.append(String.format(
                Locale.ROOT,
                "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s</title></circle>",
                x,
                y,
                colour,
                escape(tooltip)));
        return this;
    }

    Svg polyline(List<double[]> points, String colour) {
        if (points.size() < 2) {
            return this;
        }
        out.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
                .append(colour)
                .append("\" points=\"");
        for (double[] point : points) {
            out.append(String.format(Locale.ROOT, "%.1f,%.1f ", point[0], point[1]));
        }
        out.append("\"/>");
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String colour) {
        out.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>",
                x1,
                y1,
                x2,
                y2,
                colour));
        return this;
    }

    Svg text(double x, double y, String anchor, String text) {
        out.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"11\" fill=\"#333\">%s</text>",
                x,
                y,
                anchor,
                escape(text)));
        return this;
    }

    /** The placeholder drawn when a chart has nothing to show; it is not a mark. */
    Svg empty(String message) {
        return text(WIDTH / 2.0, HEIGHT / 2.0, "middle", message);
    }

    String close() {
        return out.append("</svg>").toString();
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
