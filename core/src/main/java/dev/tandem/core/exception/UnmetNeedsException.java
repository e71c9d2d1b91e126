package dev.tandem.core.exception;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.tier.TierFeature;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * No tier the request may go to serves everything it needs (tools, a JSON schema, images); thrown before
 * any tier is called. The message names each tier and what it lacks.
 */
public class UnmetNeedsException extends InvalidRequestException {

    private static final long serialVersionUID = 1L;

    private final transient Set<TierFeature> needs;
    private final transient Map<String, Set<TierFeature>> lacking;

    /**
     * @param needs what the request needs
     * @param lacking per tier considered, what it lacks
     */
    public UnmetNeedsException(String requestId, Set<TierFeature> needs, Map<String, Set<TierFeature>> lacking) {
        super(describe(requireNonNull(requestId, "requestId"), needs, lacking));
        this.needs = Set.copyOf(needs);
        this.lacking = Map.copyOf(lacking);
    }

    /** What the request needs. */
    public Set<TierFeature> needs() {
        return needs;
    }

    /** Each tier that was considered, with what it lacks. */
    public Map<String, Set<TierFeature>> lacking() {
        return lacking;
    }

    private static String describe(String requestId, Set<TierFeature> needs, Map<String, Set<TierFeature>> lacking) {
        return "No tier can serve request " + requestId + ": it needs " + names(needs) + "; "
                + new TreeMap<>(lacking)
                        .entrySet().stream()
                                .map(e -> e.getKey() + " lacks " + names(e.getValue()))
                                .collect(Collectors.joining(", "))
                + ". Remove what the request needs, or add a tier that serves it (Tier.Builder.features).";
    }

    private static String names(Set<TierFeature> features) {
        return features.stream().sorted().map(TierFeature::wireName).collect(Collectors.joining(", "));
    }
}
