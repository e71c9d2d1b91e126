package dev.tandem.bench.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.function.Supplier;

/**
 * Retained heap by difference: the used heap after full collections, before and after building an
 * object graph that is then held strongly. Each reading is the smallest of several {@code System.gc()}
 * rounds read from the {@link MemoryMXBean}, which settles the noise of concurrent allocations to a few
 * tens of kilobytes. It counts everything the build leaves reachable, statics included (compiled
 * patterns, lexicons), which is what a first router costs an application; it counts no metaspace.
 */
public final class RetainedHeap {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private RetainedHeap() {}

    /** Bytes retained by what {@code build} returns; the object is kept reachable until measured. */
    public static long of(Supplier<?> build, int gcRounds) {
        long before = usedAfterGc(gcRounds);
        Object held = build.get();
        long after = usedAfterGc(gcRounds);
        Reference.reachabilityFence(held);
        return Math.max(0, after - before);
    }

    static long usedAfterGc(int rounds) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < Math.max(1, rounds); i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
