package dev.tandem.policy.budget;

/**
 * What a tenant used in one budget period: requests, tokens (input plus output) and cost in
 * micro-dollars (millionths of a US dollar, so that counters stay integers and add atomically).
 */
public record Usage(long requests, long tokens, long microUsd) {

    private static final Usage ZERO = new Usage(0, 0, 0);

    public Usage {
        if (requests < 0 || tokens < 0 || microUsd < 0) {
            throw new IllegalArgumentException(
                    "usage must not be negative: " + requests + ", " + tokens + ", " + microUsd);
        }
    }

    public static Usage zero() {
        return ZERO;
    }

    /** One request with these tokens and this cost in US dollars. */
    public static Usage ofRequest(long tokens, double usd) {
        return new Usage(1, tokens, Math.round(usd * 1_000_000.0));
    }

    public double usd() {
        return microUsd / 1_000_000.0;
    }

    public Usage plus(Usage other) {
        return new Usage(requests + other.requests, tokens + other.tokens, microUsd + other.microUsd);
    }
}
