package dev.tandem.local.forge;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014), written out so the forged weights depend on the seed alone
 * and never on the JDK's choice of random algorithm.
 */
final class SplitMix64 {

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A float drawn uniformly from [-1, 1). */
    float nextSignedFloat() {
        return (nextLong() >>> 40) * 0x1.0p-23f - 1.0f;
    }
}
