package dev.tandem.policy.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.event.BudgetEvent;
import dev.tandem.policy.Action;
import dev.tandem.policy.Budget;
import dev.tandem.policy.BudgetSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BudgetLedgerTest {

    private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");

    private final List<BudgetEvent> events = new ArrayList<>();
    private final Budget spend = Budget.builder("remote-spend")
            .maxCost(1.0)
            .tiers(Set.of("remote"))
            .whenExceeded(new Action.KeepLocal(Optional.empty()))
            .build();
    private final Budget requests =
            Budget.builder("requests").maxRequests(3).failClosed(false).build();
    private final BudgetSettings settings = new BudgetSettings(
            BudgetSettings.StoreType.MEMORY, Optional.empty(), "test", ZoneId.of("UTC"), List.of(spend, requests));

    private RedisServer redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        redis.close();
    }

    @Test
    void aBudgetIsExceededOnceItsSpendReachesTheLimitAndResetsTheNextDay() {
        MutableClock clock = new MutableClock(NOON);
        BudgetLedger ledger = new BudgetLedger(settings, new InMemoryBudgetStore(clock), clock);

        ledger.record("r1", "acme", "remote", 1000, 0.6, events::add);
        BudgetLedger.Check first = ledger.check("r2", "acme", spend, events::add);
        ledger.record("r2", "acme", "remote", 1000, 0.6, events::add);
        BudgetLedger.Check second = ledger.check("r3", "acme", spend, events::add);
        clock.advance(Duration.ofHours(13));
        BudgetLedger.Check nextDay = ledger.check("r4", "acme", spend, events::add);

        assertThat(first.status()).isEqualTo(BudgetLedger.Status.WITHIN);
        assertThat(second.status()).isEqualTo(BudgetLedger.Status.EXCEEDED);
        assertThat(second.detail())
                .isEqualTo("budget 'remote-spend' for tenant acme is used up this day: $1.20 >= max-cost $1.00");
        assertThat(nextDay.status()).isEqualTo(BudgetLedger.Status.WITHIN);
        assertThat(events).extracting(BudgetEvent::kind).containsExactly(BudgetEvent.Kind.EXCEEDED);
    }

    @Test
    void tenantsHaveTheirOwnCountersAndUncountedTiersCostNothing() {
        MutableClock clock = new MutableClock(NOON);
        BudgetLedger ledger = new BudgetLedger(settings, new InMemoryBudgetStore(clock), clock);

        ledger.record("r1", "acme", "remote", 10, 2.0, events::add);
        ledger.record("r2", "globex", "local", 10, 2.0, events::add);

        assertThat(ledger.check("r3", "acme", spend, events::add).status()).isEqualTo(BudgetLedger.Status.EXCEEDED);
        assertThat(ledger.check("r4", "globex", spend, events::add).status()).isEqualTo(BudgetLedger.Status.WITHIN);
        assertThat(ledger.usage("globex", requests).requests()).isEqualTo(1);
    }

    @Test
    void redisCountersHoldAcrossInstancesUnderConcurrency() throws Exception {
        Clock clock = Clock.fixed(NOON, ZoneOffset.UTC);
        BudgetSettings shared = new BudgetSettings(
                BudgetSettings.StoreType.REDIS,
                Optional.of(dev.tandem.policy.Secret.of(redis.url().toString())),
                "test",
                ZoneId.of("UTC"),
                List.of(requests));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RedisBudgetStore a = RedisBudgetStore.connect(redis.url(), Duration.ofSeconds(2));
                RedisBudgetStore b = RedisBudgetStore.connect(redis.url(), Duration.ofSeconds(2))) {
            BudgetLedger first = new BudgetLedger(shared, a, clock);
            BudgetLedger second = new BudgetLedger(shared, b, clock);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                BudgetLedger ledger = i % 2 == 0 ? first : second;
                done.add(pool.submit(() -> ledger.record("r", "acme", "local", 5, 0.001, events::add)));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            Usage usage = second.usage("acme", requests);

            assertThat(usage).isEqualTo(new Usage(200, 1000, 200_000));
            assertThat(first.check("r", "acme", requests, events::add).status())
                    .isEqualTo(BudgetLedger.Status.EXCEEDED);
        }
    }

    @Test
    void whenRedisDiesAFailClosedBudgetCountsAsExceededAndAFailOpenOneAsWithinAndEventsSaySo() throws Exception {
        Clock clock = Clock.fixed(NOON, ZoneOffset.UTC);
        try (RedisBudgetStore store = RedisBudgetStore.connect(redis.url(), Duration.ofMillis(300))) {
            BudgetLedger ledger = new BudgetLedger(settings, store, clock);
            assertThat(ledger.check("r1", "acme", spend, events::add).status()).isEqualTo(BudgetLedger.Status.WITHIN);

            redis.kill();
            BudgetLedger.Check closed = ledger.check("r2", "acme", spend, events::add);
            BudgetLedger.Check open = ledger.check("r3", "acme", requests, events::add);
            ledger.record("r4", "acme", "remote", 10, 0.1, events::add);

            assertThat(closed.status()).isEqualTo(BudgetLedger.Status.UNAVAILABLE_FAILED_CLOSED);
            assertThat(closed.status().exhausted()).isTrue();
            assertThat(open.status()).isEqualTo(BudgetLedger.Status.UNAVAILABLE_FAILED_OPEN);
            assertThat(open.status().exhausted()).isFalse();
            assertThat(events)
                    .extracting(BudgetEvent::kind)
                    .containsExactly(
                            BudgetEvent.Kind.STORE_UNAVAILABLE_FAILED_CLOSED,
                            BudgetEvent.Kind.STORE_UNAVAILABLE_FAILED_OPEN,
                            BudgetEvent.Kind.RECORD_FAILED,
                            BudgetEvent.Kind.RECORD_FAILED);
            assertThat(events.get(0).detail()).contains("redis 127.0.0.1:").contains("fail-closed");
        }
    }

    @Test
    void aRedisUrlPasswordNeverAppearsInTheStoresDescription() {
        try (RedisBudgetStore store =
                RedisBudgetStore.connect(URI.create("redis://:hunter2@127.0.0.1:1"), Duration.ofMillis(100))) {
            assertThat(store.toString()).isEqualTo("RedisBudgetStore[redis 127.0.0.1:1]");
        }
    }

    @Test
    void aRedisUrlThatJavaNetUriRefusesNeverShowsItsPasswordInTheError() {
        assertThatThrownBy(() ->
                        RedisBudgetStore.connect("redis://:Sup3r^Secret@cache.internal:63x79", Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Redis URL redis://***@cache.internal:63x79 is invalid: the port '63x79' is not a number");
        assertThatThrownBy(() -> RedisBudgetStore.connect(
                        "redis://:Sup3r^Secret@cache.internal:6379/0?key=t0k3n", Duration.ofMillis(100)))
                .hasMessage(
                        "Redis URL redis://***@cache.internal:6379/0 is invalid: query parameters and fragments are not supported");
        assertThatThrownBy(() ->
                        RedisBudgetStore.connect("redis://:Sup3r%zzSecret@cache.internal", Duration.ofMillis(100)))
                .hasMessageNotContaining("Sup3r")
                .hasMessageContaining("'%' that is not followed by two hex digits");
    }

    @Test
    void aPasswordWithCharactersOutsideUriSyntaxAuthenticatesAgainstARealRedis() throws Exception {
        try (RedisServer guarded = RedisServer.start("Sup3r^Secret");
                RedisBudgetStore store = RedisBudgetStore.connect(
                        "redis://:Sup3r^Secret@127.0.0.1:" + guarded.url().getPort(), Duration.ofSeconds(2));
                RedisBudgetStore wrong = RedisBudgetStore.connect(
                        "redis://:wrong@127.0.0.1:" + guarded.url().getPort(), Duration.ofSeconds(2))) {

            store.add("k", new Usage(1, 2, 3), Duration.ofMinutes(1));

            assertThat(store.get("k")).isEqualTo(new Usage(1, 2, 3));
            assertThatThrownBy(() -> wrong.get("k"))
                    .isInstanceOf(BudgetStoreUnavailableException.class)
                    .hasMessageNotContaining("wrong");
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
