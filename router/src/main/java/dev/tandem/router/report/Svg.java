package dev.tandem.router.report;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A small SVG writer for the report's charts: bars, lines and labels, with escaped text. A chart is drawn
 * for a {@link Layout}'s width in user units and scales to its card through its {@code viewBox}; labels
 * are placed with {@link #textWidth} so that none runs past the edges.
 */
final class Svg {

    static final int FONT = 12;
    /** A generous average advance of the page's sans-serif font at {@link #FONT}, digits included. */
    private static final double CHAR_WIDTH = 7.0;

    private final StringBuilder out = new StringBuilder();
    private final int width;
    private final int height;

    Svg(String chart, String title, int width, int height) {
        this.width = width;
        this.height = height;
        out.append("<svg class=\"chart\" data-chart=\"")
                .append(escape(chart))
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"")
                .append(escape(title))
                .append("\"><title>")
                .append(escape(title))
                .append("</title>");
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** A width no shorter than the label's drawn width: wide glyphs count more than the average. */
    static double textWidth(String text) {
        double width = 0;
        for (char c : text.toCharArray()) {
            width += "%MWmw@".indexOf(c) >= 0
                    ? 1.6 * CHAR_WIDTH
                    : Character.isUpperCase(c) ? 1.2 * CHAR_WIDTH : CHAR_WIDTH;
        }
        return width;
    }

    /** {@code text}, shortened with an ellipsis to fit {@code room} user units. */
    static String fit(String text, double room) {
        if (textWidth(text) <= room) {
            return text;
        }
        int chars = text.length();
        while (chars > 0 && textWidth(text.substring(0, chars)) + CHAR_WIDTH > room) {
            chars--;
        }
        return text.substring(0, chars) + "…";
    }

    /** A data mark: the tests count marks that Chromium drew with a non-zero size. */
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
        return line(x1, y1, x2, y2, colour, false);
    }

    Svg line(double x1, double y1, double x2, double y2, String colour, boolean dashed) {
        out.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"%s/>",
                x1,
                y1,
                x2,
                y2,
                colour,
                dashed ? " stroke-dasharray=\"4 3\"" : ""));
        return this;
    }

    Svg text(double x, double y, String anchor, String text) {
        return text(x, y, anchor, text, null);
    }

    /** A label; when {@code full} differs from the shown text, hovering shows it whole. */
    Svg text(double x, double y, String anchor, String text, @Nullable String full) {
        out.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"#333\">%s%s</text>",
                x,
                y,
                anchor,
                FONT,
                full != null && !full.equals(text) ? "<title>" + escape(full) + "</title>" : "",
                escape(text)));
        return this;
    }

    /** A colour key: swatches and names, wrapped onto as many rows as the width needs; returns its height. */
    static double legendHeight(String[] names, int width) {
        return legendRows(names, width) * 18.0;
    }

    Svg legend(double top, String[] names, String[] colours) {
        double x = 0;
        double y = top + 13;
        for (int i = 0; i < names.length; i++) {
            double itemWidth = 18 + textWidth(names[i]) + 14;
            if (x > 0 && x + itemWidth > width) {
                x = 0;
                y += 18;
            }
            out.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>",
                    x,
                    y - 10,
                    colours[i]));
            text(x + 16, y, "start", names[i]);
            x += itemWidth;
        }
        return this;
    }

    private static int legendRows(String[] names, int width) {
        int rows = 1;
        double x = 0;
        for (String name : names) {
            double itemWidth = 18 + textWidth(name) + 14;
            if (x > 0 && x + itemWidth > width) {
                rows++;
                x = 0;
            }
            x += itemWidth;
        }
        return rows;
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
