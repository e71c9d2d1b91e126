package dev.tandem.bench.internal;

import java.util.Arrays;

/** Latencies of one measurement, in nanoseconds, with the percentiles the report quotes. */
public final class Samples {

    private final long[] sorted;
    private final double cpuShare;

    public Samples(long[] nanos) {
        this(nanos, Double.NaN);
    }

    /**
     * @param cpuShare the measuring thread's CPU time over the wall time it took: near 1 on a quiet
     *     machine, lower when other processes took the cores (NaN when not known)
     */
    public Samples(long[] nanos, double cpuShare) {
        this.cpuShare = cpuShare;
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples were taken; raise the measurement time");
        }
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    /** CPU time of the measuring thread over wall time, in (0, 1]; NaN when not measured. */
    public double cpuShare() {
        return cpuShare;
    }

    public int count() {
        return sorted.length;
    }

    /** The value at quantile {@code q} in [0, 1], nearest rank. */
    public long quantile(double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double medianMicros() {
        return quantile(0.5) / 1_000.0;
    }

    public double p99Micros() {
        return quantile(0.99) / 1_000.0;
    }

    public double medianMillis() {
        return quantile(0.5) / 1_000_000.0;
    }

    public double p99Millis() {
        return quantile(0.99) / 1_000_000.0;
    }
}
