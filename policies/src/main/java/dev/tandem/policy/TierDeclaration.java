package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.tier.Locality;

/**
 * A tier a policy refers to, by name and locality. The router binds each declaration to a configured
 * {@link dev.tandem.core.tier.Tier} of the same name; a remote declaration with no configured tier makes
 * the router run offline for it.
 */
public record TierDeclaration(String name, Locality locality) {

    public TierDeclaration {
        requireNonNull(name, "name");
        requireNonNull(locality, "locality");
    }
}
