package dev.tandem.core.tier;

import java.util.Set;

/**
 * Implemented by a {@code ChatModel} that knows which {@link TierFeature}s it serves, so a {@link Tier}
 * built on it declares them without being told. Tandem's own tiers implement it.
 */
public interface FeatureDeclaring {

    /** The features this model serves; the others it would reject. */
    Set<TierFeature> tierFeatures();
}
