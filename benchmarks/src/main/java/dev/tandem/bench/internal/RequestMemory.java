package dev.tandem.bench.internal;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.router.TandemRouter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Memory per request: bytes allocated per routed request (all threads of the JVM, so the tier call on
 * its virtual thread counts too; the bench runs nothing else meanwhile), and the heap retained by
 * requests in flight (requests held inside a tier that waits, measured like {@link RetainedHeap}).
 */
public final class RequestMemory {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private RequestMemory() {}

    /** Mean bytes allocated per call of {@code call}, over {@code calls} calls after as many for warm-up. */
    public static double allocatedPerCall(int calls, Supplier<?> call) {
        for (int i = 0; i < calls; i++) {
            Harness.consume(call.get());
        }
        long before = THREADS.getTotalThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            Harness.consume(call.get());
        }
        return (THREADS.getTotalThreadAllocatedBytes() - before) / (double) calls;
    }

    /**
     * Retained heap per request in flight: {@code inFlight} virtual threads each route one of {@code
     * requests} through a router whose remote tier holds every call until all have arrived; the heap is
     * read while they wait, and again without them. The router and its warm-up are outside the difference.
     */
    public static double retainedPerRequestInFlight(
            DifficultyEstimator difficulty, List<TandemRequest> requests, int inFlight, int gcRounds) {
        Semaphore arrived = new Semaphore(0);
        CountDownLatch release = new CountDownLatch(1);
        ChatModel answering = Fixtures.stubModel("remote");
        boolean[] holding = {false};
        ChatModel waiting = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                if (holding[0]) {
                    arrived.release();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return answering.chat(request);
            }
        };
        TandemRouter router = Fixtures.remoteRouter(waiting, difficulty);
        for (TandemRequest request : requests) {
            router.chat(request);
        }
        holding[0] = true;
        long before = RetainedHeap.usedAfterGc(gcRounds);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            TandemRequest request = requests.get(i % requests.size());
            threads.add(Thread.ofVirtual().start(() -> router.chat(request)));
        }
        arrived.acquireUninterruptibly(inFlight);
        long during = RetainedHeap.usedAfterGc(gcRounds);
        release.countDown();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Math.max(0, during - before) / (double) inFlight;
    }
}
