package dev.tandem.router.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** Round tick values for a value axis (1, 2 or 5 times a power of ten), with their labels. */
record Axis(double low, double high, List<Double> ticks, List<String> labels) {

    static Axis covering(double min, double max, int wanted, DoubleFunction<String> format) {
        double low = Math.min(0, min);
        double high = Math.max(max, low + 1e-9);
        double raw = (high - low) / Math.max(1, wanted);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * 10;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        double first = Math.floor(low / step) * step;
        double last = Math.ceil(high / step - 1e-9) * step;
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (double t = first; t <= last + step / 2; t += step) {
            double rounded = Math.abs(t) < step / 1e6 ? 0 : t;
            ticks.add(rounded);
            labels.add(format.apply(rounded));
        }
        return new Axis(first, last, ticks, labels);
    }

    /** Whole counts; fractional steps never appear because counts use a step of at least 1. */
    static Axis counts(long max, int wanted) {
        return covering(0, Math.max(max, wanted), wanted, v -> String.format(Locale.ROOT, "%,.0f", v));
    }

    double widestLabel() {
        return labels.stream().mapToDouble(Svg::textWidth).max().orElse(0);
    }

    /** The y of {@code value} on a plot from {@code top} to {@code bottom}. */
    double y(double value, double top, double bottom) {
        return bottom - (value - low) * (bottom - top) / (high - low);
    }
}
