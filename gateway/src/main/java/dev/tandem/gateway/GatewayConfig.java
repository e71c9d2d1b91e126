package dev.tandem.gateway;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The gateway's limits and lifecycle settings. Immutable; start from {@link #ofDefaults()} or {@link
 * #custom()}.
 *
 * <pre>{@code
 * GatewayConfig config = GatewayConfig.custom()
 *         .port(8080)
 *         .maxBodyBytes(1 << 20)
 *         .requestTimeout(Duration.ofSeconds(120))
 *         .maxConcurrentRequests(64)
 *         .strict(true)
 *         .build();
 * }</pre>
 *
 * <table>
 *   <caption>Defaults and valid ranges</caption>
 *   <tr><td>host</td><td>{@code 127.0.0.1}; any other address needs API keys</td></tr>
 *   <tr><td>port</td><td>8080; 0 picks a free one; 0..65535</td></tr>
 *   <tr><td>maxBodyBytes</td><td>1 MiB; larger bodies get 413; at least 1 KiB</td></tr>
 *   <tr><td>maxHeaderBytes</td><td>16 KiB for all headers together; at least 1 KiB</td></tr>
 *   <tr><td>requestTimeout</td><td>120 s for a whole answer, streamed or not; positive</td></tr>
 *   <tr><td>maxConcurrentRequests</td><td>64 requests in flight; the next one waits for a free slot up
 *       to the request timeout, then gets 503; at least 1</td></tr>
 *   <tr><td>shutdownGrace</td><td>30 s for streams in flight to finish on shutdown; not negative</td></tr>
 *   <tr><td>strict</td><td>false: unknown request fields are ignored as OpenAI's API ignores them;
 *       true: they get 400</td></tr>
 * </table>
 */
public final class GatewayConfig {

    private final String host;
    private final int port;
    private final int maxBodyBytes;
    private final int maxHeaderBytes;
    private final Duration requestTimeout;
    private final int maxConcurrentRequests;
    private final Duration shutdownGrace;
    private final boolean strict;

    private GatewayConfig(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.maxBodyBytes = builder.maxBodyBytes;
        this.maxHeaderBytes = builder.maxHeaderBytes;
        this.requestTimeout = builder.requestTimeout;
        this.maxConcurrentRequests = builder.maxConcurrentRequests;
        this.shutdownGrace = builder.shutdownGrace;
        this.strict = builder.strict;
    }

    public static GatewayConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    public boolean strict() {
        return strict;
    }

    /** Whether the gateway listens on the loopback interface only. */
    public boolean loopbackOnly() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }

    /** Builds a {@link GatewayConfig}; each setter rejects a value outside its range, quoting it. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private int maxBodyBytes = 1 << 20;
        private int maxHeaderBytes = 16 << 10;
        private Duration requestTimeout = Duration.ofSeconds(120);
        private int maxConcurrentRequests = 64;
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private boolean strict;

        private Builder() {}

        public Builder host(String host) {
            requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank; use 127.0.0.1 or 0.0.0.0");
            }
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535 (0 picks a free one), got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder maxHeaderBytes(int maxHeaderBytes) {
            if (maxHeaderBytes < 1024) {
                throw new IllegalArgumentException("maxHeaderBytes must be at least 1024, got " + maxHeaderBytes);
            }
            this.maxHeaderBytes = maxHeaderBytes;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            requireNonNull(requestTimeout, "requestTimeout");
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
            }
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            if (maxConcurrentRequests < 1) {
                throw new IllegalArgumentException(
                        "maxConcurrentRequests must be at least 1, got " + maxConcurrentRequests);
            }
            this.maxConcurrentRequests = maxConcurrentRequests;
            return this;
        }

        public Builder shutdownGrace(Duration shutdownGrace) {
            requireNonNull(shutdownGrace, "shutdownGrace");
            if (shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must not be negative, got " + shutdownGrace);
            }
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        public GatewayConfig build() {
            return new GatewayConfig(this);
        }
    }
}
