package dev.tandem.policy.budget;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Budget counters in Redis, shared by every instance that points at the same server, so a budget holds
 * across a fleet. Each key is a hash with the fields {@code requests}, {@code tokens} and {@code
 * micros}; {@link #add} increments all three and sets the expiry in one Lua script, which Redis runs
 * atomically.
 *
 * <pre>{@code
 * try (RedisBudgetStore store = RedisBudgetStore.connect(URI.create("redis://localhost:6379"),
 *         Duration.ofMillis(500))) { ... }
 * }</pre>
 *
 * <p>Calls time out after the given timeout (connect and read alike), so an unreachable server turns
 * into a {@link BudgetStoreUnavailableException} quickly. Thread-safe (a connection pool).
 */
public final class RedisBudgetStore implements BudgetStore {

    private static final String ADD = """
            local r = redis.call('HINCRBY', KEYS[1], 'requests', ARGV[1])
            local t = redis.call('HINCRBY', KEYS[1], 'tokens', ARGV[2])
            local m = redis.call('HINCRBY', KEYS[1], 'micros', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return {r, t, m}
            """;

    private final JedisPooled redis;
    private final String where;

    private RedisBudgetStore(JedisPooled redis, String where) {
        this.redis = redis;
        this.where = where;
    }

    /**
     * Connects lazily to {@code redis://[user:password@]host:port[/db]} (or {@code rediss://} for TLS);
     * the first call opens the connection. Percent-escapes in the user and password are decoded; other
     * characters (such as {@code ^}) may appear as they are.
     *
     * @throws IllegalArgumentException if the URL is malformed; the message never shows the credentials
     */
    public static RedisBudgetStore connect(String url, Duration timeout) {
        RedisUrl parsed = RedisUrl.parse(url);
        int millis = (int) Math.max(1, timeout.toMillis());
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .ssl(parsed.tls())
                .database(parsed.database());
        parsed.user().ifPresent(config::user);
        parsed.password().ifPresent(config::password);
        JedisClientConfig clientConfig = config.build();
        HostAndPort address = new HostAndPort(parsed.host(), parsed.port());
        return new RedisBudgetStore(new JedisPooled(address, clientConfig), parsed.where());
    }

    /** As {@link #connect(String, Duration)}, for a URL already held as a {@link URI}. */
    public static RedisBudgetStore connect(URI url, Duration timeout) {
        return connect(url.toString(), timeout);
    }

    @Override
    public Usage get(String key) {
        try {
            List<String> values = redis.hmget(key, "requests", "tokens", "micros");
            return new Usage(parse(values.get(0)), parse(values.get(1)), parse(values.get(2)));
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Usage add(String key, Usage delta, Duration ttl) {
        try {
            Object result = redis.eval(
                    ADD,
                    List.of(key),
                    List.of(
                            Long.toString(delta.requests()),
                            Long.toString(delta.tokens()),
                            Long.toString(delta.microUsd()),
                            Long.toString(Math.max(1, ttl.toMillis()))));
            List<?> totals = (List<?>) result;
            return new Usage((Long) totals.get(0), (Long) totals.get(1), (Long) totals.get(2));
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void close() {
        redis.close();
    }

    @Override
    public String toString() {
        return "RedisBudgetStore[" + where + "]";
    }

    private BudgetStoreUnavailableException unavailable(JedisException e) {
        return new BudgetStoreUnavailableException(
                "budget store " + where + " is unreachable (" + e.getClass().getSimpleName() + ")", e);
    }

    private static long parse(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
