package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.event.AttemptEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.TandemException;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.resilience.ResilienceConfig;
import dev.tandem.router.resilience.ResilienceSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Thousands of requests at high concurrency on virtual threads against a WireMock remote that serves a
 * mix of faults, with a local tier that answers at once. Nothing may be lost, nothing may leak, and
 * what the router recorded must match what the server saw.
 */
class FaultLoadTest {

    private static final int REQUESTS = 3_000;
    private static final int CONCURRENCY = 100;
    private static final long SCHEDULING_SLACK_MILLIS = 1_000;
    private static final String[] MIX = {
        "", "", "", "", "", "", "", "", "", "", // half the requests succeed remotely
        "reset;", "empty;", "500;", "502;", "503;", "429;", "401;", "malformed;", "garbage;", "slow;"
    };

    @Test
    void everyRequestGetsAnAnswerOrATypedErrorWithinItsDeadlineAndNothingLeaks() throws Exception {
        try (FaultStub stub = new FaultStub()) {
            ConnectionPool pool = new ConnectionPool(32, 1, java.util.concurrent.TimeUnit.MINUTES);
            OkHttpClient http = new OkHttpClient.Builder().connectionPool(pool).build();
            CountingExecutor calls = new CountingExecutor();
            ResilienceConfig remote = ResilienceConfig.from(FaultInjectionTest.REMOTE)
                    .totalTimeout(Duration.ofSeconds(1))
                    .firstTokenTimeout(Duration.ofSeconds(1))
                    .failureRateThreshold(90)
                    .slidingWindowSize(100)
                    .minimumNumberOfCalls(100)
                    .openStateWait(Duration.ofMillis(200))
                    .halfOpenProbes(5)
                    .build();
            ResilienceConfig localConfig = ResilienceConfig.from(ResilienceConfig.localDefaults())
                    .maxConcurrentCalls(8)
                    .maxQueuedCalls(CONCURRENCY)
                    .queueTimeout(Duration.ofSeconds(5))
                    .build();
            InstantLocalModel local = new InstantLocalModel();
            Map<String, AtomicInteger> attemptsByRequest = new ConcurrentHashMap<>();
            TandemRouter router = TandemRouter.builder()
                    .policy(FaultInjectionTest.REMOTE_FIRST)
                    .tier(Tier.local("local", local).build())
                    .tier(Tier.remote(
                                    "remote",
                                    remote.applyTo(OpenAiCompatibleChatModel.builder())
                                            .baseUrl(stub.baseUrl())
                                            .apiKey(OpenAiStub.API_KEY)
                                            .modelName(OpenAiStub.MODEL)
                                            .httpClient(http)
                                            .build())
                            .build())
                    .resilience(ResilienceSettings.custom()
                            .tier("remote", remote)
                            .tier("local", localConfig)
                            .callExecutor(calls)
                            .build())
                    .listener(new TandemListener() {
                        @Override
                        public void onAttempt(AttemptEvent event) {
                            attemptsByRequest
                                    .computeIfAbsent(event.requestId(), id -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    })
                    .build();
            router.chat(UserMessage.from("warm up"));
            stub.server().resetRequests();
            long platformThreadsBefore = ourThreads();

            LongAdder remoteAnswers = new LongAdder();
            LongAdder localAnswers = new LongAdder();
            LongAdder degraded = new LongAdder();
            LongAdder typedErrors = new LongAdder();
            LongAdder late = new LongAdder();
            java.util.concurrent.atomic.AtomicLong worstLateness =
                    new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
            LongAdder remoteCalls = new LongAdder();
            LongAdder remoteTimeouts = new LongAdder();
            AtomicInteger maxAttemptsSeen = new AtomicInteger();
            List<String> secrets = new ArrayList<>();
            Semaphore inFlight = new Semaphore(CONCURRENCY);
            List<Future<?>> futures = new ArrayList<>();
            long started = System.nanoTime();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < REQUESTS; i++) {
                    String fault = MIX[i % MIX.length];
                    String prompt = "q" + i + (fault.isEmpty() ? "" : " fault=" + fault) + " what is 2+2?";
                    if (i % 10 == 3) {
                        String email = "user" + i + "@example.com";
                        secrets.add(email);
                        prompt += " Reply to " + email + ".";
                    } else if (i % 10 == 7) {
                        String card = card(i);
                        secrets.add(card);
                        prompt += " My card is " + card + ".";
                    }
                    inFlight.acquire();
                    // The deadline starts once the request is sent, not while the test holds it back.
                    TandemRequest request = new TandemRequest(
                            "load-" + i,
                            ChatRequest.builder()
                                    .messages(UserMessage.from(prompt))
                                    .build(),
                            CallerMetadata.builder()
                                    .deadline(Instant.now().plusSeconds(10))
                                    .build());
                    futures.add(threads.submit(() -> {
                        try {
                            ChatResponse response = router.chat(request);
                            Outcome outcome =
                                    TandemResponseMetadata.from(response).outcome();
                            (outcome.tier().equals("remote") ? remoteAnswers : localAnswers).increment();
                            if (outcome.degraded()) {
                                degraded.increment();
                            }
                            count(outcome.attempts(), remoteCalls, remoteTimeouts, maxAttemptsSeen);
                        } catch (TandemException e) {
                            typedErrors.increment();
                            if (e instanceof dev.tandem.core.exception.NoRouteAvailableException none) {
                                count(none.attempts(), remoteCalls, remoteTimeouts, maxAttemptsSeen);
                            }
                        } finally {
                            long lateMillis = Duration.between(
                                            request.caller().deadline().orElseThrow(), Instant.now())
                                    .toMillis();
                            worstLateness.accumulateAndGet(lateMillis, Math::max);
                            // Slack for the thread to be scheduled again once its deadline fired: on two
                            // shared cores with hundreds of runnable threads, that alone takes a while.
                            if (lateMillis > SCHEDULING_SLACK_MILLIS) {
                                late.increment();
                            }
                            inFlight.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            long waitUntil = System.nanoTime() + 5_000_000_000L;
            while (calls.running.get() > 0 && System.nanoTime() < waitUntil) {
                Thread.sleep(20);
            }

            System.out.printf(
                    "load test: %d requests, concurrency %d, %d ms; remote %d, local %d (degraded %d), typed errors %d,"
                            + " late %d (worst %d ms past the deadline); remote calls recorded %d (timed out %d), WireMock saw %d; max attempts per request %d;"
                            + " platform threads %d -> %d; pool connections %d (idle %d); timed calls still running %d%n",
                    REQUESTS,
                    CONCURRENCY,
                    elapsed.toMillis(),
                    remoteAnswers.sum(),
                    localAnswers.sum(),
                    degraded.sum(),
                    typedErrors.sum(),
                    late.sum(),
                    worstLateness.get(),
                    remoteCalls.sum(),
                    remoteTimeouts.sum(),
                    stub.received().size(),
                    maxAttemptsSeen.get(),
                    platformThreadsBefore,
                    ourThreads(),
                    pool.connectionCount(),
                    pool.idleConnectionCount(),
                    calls.running.get());

            // Which threads they are, for when the thread bound below is exceeded.
            System.out.println("platform threads now: " + ourThreadNames());
            assertThat(remoteAnswers.sum() + localAnswers.sum() + typedErrors.sum())
                    .isEqualTo(REQUESTS);
            assertThat(late.sum()).isZero();
            assertThat(maxAttemptsSeen.get()).isLessThanOrEqualTo(remote.maxAttempts() + 1);
            // No hidden retries: every request the server saw is a recorded attempt; an attempt it did
            // not see timed out before the request reached it.
            assertThat((long) stub.received().size()).isLessThanOrEqualTo(remoteCalls.sum());
            assertThat(remoteCalls.sum() - stub.received().size()).isLessThanOrEqualTo(remoteTimeouts.sum());
            String seen = stub.everythingReceived();
            assertThat(secrets).allSatisfy(secret -> assertThat(seen).doesNotContain(secret));
            assertThat(calls.running.get()).isZero();
            assertThat(pool.connectionCount() - pool.idleConnectionCount()).isZero();
            assertThat(ourThreads()).isLessThanOrEqualTo(platformThreadsBefore + 8);
        }
    }

    /** Counts the attempts that reached for the remote tier, those that timed out, and the most per request. */
    private static void count(
            List<Attempt> attempts, LongAdder remoteCalls, LongAdder remoteTimeouts, AtomicInteger max) {
        remoteTimeouts.add(attempts.stream()
                .filter(attempt -> attempt.tier().equals("remote"))
                .filter(attempt -> attempt.failure()
                        .map(f -> f.type().contains("Timeout") || f.type().contains("Deadline"))
                        .orElse(false))
                .count());
        long remote = attempts.stream()
                .filter(attempt -> attempt.tier().equals("remote") && attempt.status() != AttemptStatus.SKIPPED)
                .count();
        remoteCalls.add(remote);
        max.accumulateAndGet(attempts.size(), Math::max);
    }

    /**
     * Platform threads, not counting WireMock's own server threads (Jetty qtp, async response pool) nor
     * OkHttp's shared task runner, which starts a thread per concurrent housekeeping task in the JVM (9 of
     * them once, after the end-to-end tests before this one) and lets each go after 60 s idle.
     */
    private static long ourThreads() {
        return ourThreadNames().size();
    }

    private static List<String> ourThreadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> !name.startsWith("qtp")
                        && !name.startsWith("pool-")
                        && !name.startsWith("Connector-")
                        && !name.equals("OkHttp TaskRunner"))
                .sorted()
                .toList();
    }

    /** A Luhn-valid 16-digit Visa-style number, different per request. */
    private static String card(int i) {
        String body = "411111" + String.format("%09d", i);
        int sum = 0;
        for (int k = 0; k < body.length(); k++) {
            int digit = body.charAt(body.length() - 1 - k) - '0';
            if (k % 2 == 0) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return body + (10 - sum % 10) % 10;
    }

    /** Runs timed calls on virtual threads and counts the ones still running. */
    private static final class CountingExecutor implements Executor {
        final AtomicInteger running = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            running.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                try {
                    task.run();
                } finally {
                    running.decrementAndGet();
                }
            });
        }
    }
}
