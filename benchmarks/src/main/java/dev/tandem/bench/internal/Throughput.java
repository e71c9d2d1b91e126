package dev.tandem.bench.internal;

import dev.tandem.core.request.TandemRequest;
import dev.tandem.router.TandemRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Closed-loop throughput: {@code concurrency} virtual threads each send requests back to back through
 * the router for a fixed time; requests per second is completed calls over wall time. Every thread
 * cycles through the same list of requests, starting at its own offset.
 */
public final class Throughput {

    /** What one run measured. */
    public record Result(int concurrency, long requests, double seconds, Samples latencies) {

        public double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private Throughput() {}

    public static Result run(
            TandemRouter router, List<TandemRequest> requests, int concurrency, Duration warmUp, Duration measure) {
        drive(router, requests, concurrency, warmUp);
        return drive(router, requests, concurrency, measure);
    }

    private static Result drive(TandemRouter router, List<TandemRequest> requests, int concurrency, Duration time) {
        CountDownLatch start = new CountDownLatch(1);
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[concurrency];
        List<Thread> threads = new ArrayList<>();
        long[] window = new long[2];
        RuntimeException[] failure = new RuntimeException[1];
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            long[][] own = {new long[1024]};
            latencies.add(null);
            threads.add(Thread.ofVirtual().name("bench-client-" + t).start(() -> {
                try {
                    start.await();
                    long end = window[0] + time.toNanos();
                    int n = 0;
                    int next = thread;
                    long now = System.nanoTime();
                    while (now < end) {
                        router.chat(requests.get(next++ % requests.size()));
                        long done = System.nanoTime();
                        if (n == own[0].length) {
                            own[0] = Arrays.copyOf(own[0], n * 2);
                        }
                        own[0][n++] = done - now;
                        now = done;
                    }
                    counts[thread] = n;
                    synchronized (latencies) {
                        latencies.set(thread, Arrays.copyOf(own[0], n));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    synchronized (latencies) {
                        failure[0] = e;
                    }
                }
            }));
        }
        window[0] = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring throughput", e);
            }
        }
        window[1] = System.nanoTime();
        synchronized (latencies) {
            if (failure[0] != null) {
                throw new IllegalStateException("a routed request failed during the throughput run", failure[0]);
            }
        }
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
        return new Result(concurrency, total, (window[1] - window[0]) / 1e9, new Samples(all));
    }
}
