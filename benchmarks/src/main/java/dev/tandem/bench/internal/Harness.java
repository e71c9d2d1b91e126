package dev.tandem.bench.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;

/**
 * A plain timing loop: calls an operation for a warm-up period, then times each call for a measurement
 * period (bounded by a number of calls). Each call is timed on its own with {@link System#nanoTime()},
 * which costs some 20-30 ns, negligible against the microseconds measured here. Results go to a sink so
 * the JIT cannot drop the work.
 */
public final class Harness {

    /** How long to run an operation. */
    public record Budget(Duration warmUp, Duration measure, int maxCalls) {

        public Budget {
            if (maxCalls < 1) {
                throw new IllegalArgumentException("maxCalls must be at least 1, was " + maxCalls);
            }
        }

        /** The same budget with a warm-up of at least {@code minimum}. */
        public Budget warmedAtLeast(Duration minimum) {
            return new Budget(warmUp.compareTo(minimum) < 0 ? minimum : warmUp, measure, maxCalls);
        }

        /** The same budget with at most {@code calls} measured calls. */
        public Budget cappedAt(int calls) {
            return new Budget(warmUp, measure, Math.min(maxCalls, calls));
        }
    }

    /** An operation to time; what it returns is consumed. */
    @FunctionalInterface
    public interface Operation {
        Object run() throws Exception;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static volatile int sink;

    private Harness() {}

    public static Samples time(Budget budget, Operation operation) {
        long warmUpEnd = System.nanoTime() + budget.warmUp().toNanos();
        do {
            consume(call(operation));
        } while (System.nanoTime() < warmUpEnd);
        long[] nanos = new long[Math.min(budget.maxCalls(), 1 << 20)];
        int n = 0;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long end = wallStart + budget.measure().toNanos();
        do {
            long start = System.nanoTime();
            Object result = call(operation);
            nanos[n++] = System.nanoTime() - start;
            consume(result);
        } while (n < nanos.length && System.nanoTime() < end);
        // How much of a core this thread got: on a loaded machine the latencies stretch by about 1/share.
        double share =
                (THREADS.getCurrentThreadCpuTime() - cpuStart) / (double) Math.max(1, System.nanoTime() - wallStart);
        return new Samples(Arrays.copyOf(nanos, n), Math.min(1.0, share));
    }

    static Object call(Operation operation) {
        try {
            return operation.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("benchmark operation failed: " + e, e);
        }
    }

    static void consume(Object result) {
        sink += System.identityHashCode(result);
    }
}
