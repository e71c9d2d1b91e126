package dev.tandem.router.decide;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.decision.RedactionPlan;
import dev.tandem.core.exception.InvalidRequestException;
import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Action;
import dev.tandem.policy.Condition;
import dev.tandem.policy.Policy;
import dev.tandem.policy.Rule;
import dev.tandem.policy.TierDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Stage 2: applies a {@link Policy} to an {@link Assessment}. The first rule whose condition holds
 * picks the action (the policy's default when none does); the action is then bound to the configured
 * tiers:
 *
 * <ul>
 *   <li>a declared remote tier with no configured tier is dropped, and the decision says what would
 *       have gone remote and why (offline mode);
 *   <li>a tier whose context window cannot hold the prompt and the expected answer is dropped;
 *   <li>when a remote tier remains, every entity found is planned for redaction before it leaves.
 * </ul>
 *
 * Deterministic: the same assessment always gives the same decision. Thread-safe.
 */
public final class PolicyDecider {

    private final Policy policy;
    private final Map<String, Tier> tiers;

    /**
     * @param tiers the configured tiers by name; every local tier the policy declares must be among them
     */
    public PolicyDecider(Policy policy, Map<String, Tier> tiers) {
        this.policy = requireNonNull(policy, "policy");
        this.tiers = Map.copyOf(tiers);
    }

    public Decision decide(Assessment assessment) {
        List<Reason> reasons = new ArrayList<>();
        Action action = null;
        for (Rule rule : policy.rules()) {
            Optional<Reason> match = matches(rule, assessment);
            if (match.isPresent()) {
                reasons.add(match.get());
                action = rule.action();
                break;
            }
        }
        if (action == null) {
            reasons.add(new Reason(
                    "default",
                    String.format(
                            Locale.ROOT,
                            "no rule matched (difficulty %.2f, sensitivity %s, ~%d prompt tokens)",
                            assessment.difficulty().score(),
                            assessment.privacy().sensitivity().wireName(),
                            assessment.tokens().promptTokens()),
                    Map.of("difficulty", assessment.difficulty().score())));
            action = policy.defaultAction();
        }
        return bind(action, assessment, reasons);
    }

    private Optional<Reason> matches(Rule rule, Assessment assessment) {
        Condition when = rule.condition();
        List<String> because = new ArrayList<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        if (when.sensitivityAtLeast().isPresent()) {
            var level = assessment.privacy().sensitivity();
            if (!level.isAtLeast(when.sensitivityAtLeast().get())) {
                return Optional.empty();
            }
            because.add("sensitivity " + level.wireName() + " >= "
                    + when.sensitivityAtLeast().get().wireName()
                    + describeCounts(assessment.privacy().countsByType()));
            scores.put("sensitivity", (double) level.ordinal());
        }
        if (!when.entityTypes().isEmpty()) {
            var found = assessment.privacy().types().stream()
                    .filter(when.entityTypes()::contains)
                    .toList();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            because.add("found " + found.stream().map(EntityType::name).collect(Collectors.joining(", ")));
        }
        if (when.difficultyAtLeast().isPresent()) {
            double score = assessment.difficulty().score();
            double threshold = when.difficultyAtLeast().getAsDouble();
            if (score < threshold) {
                return Optional.empty();
            }
            because.add(String.format(Locale.ROOT, "difficulty %.2f >= %.2f", score, threshold));
            scores.put("difficulty", score);
        }
        if (when.promptTokensOver().isPresent()) {
            int tokens = assessment.tokens().promptTokens();
            int limit = when.promptTokensOver().getAsInt();
            if (tokens <= limit) {
                return Optional.empty();
            }
            because.add("~" + tokens + " prompt tokens > " + limit);
            scores.put("prompt_tokens", (double) tokens);
        }
        String explanation = because.isEmpty() ? "matches every request" : String.join(" and ", because);
        return Optional.of(new Reason(rule.name(), explanation, scores));
    }

    private Decision bind(Action action, Assessment assessment, List<Reason> reasons) {
        List<String> candidates = new ArrayList<>();
        boolean remoteAllowed;
        switch (action) {
            case Action.Route route -> {
                candidates.add(route.tier());
                candidates.addAll(route.fallback());
                remoteAllowed = true;
            }
            case Action.KeepLocal keepLocal -> {
                keepLocal.tier().ifPresent(candidates::add);
                policy.tiers().values().stream()
                        .filter(tier -> tier.locality() == Locality.LOCAL)
                        .map(TierDeclaration::name)
                        .filter(name -> !candidates.contains(name))
                        .forEach(candidates::add);
                remoteAllowed = false;
                reasons.add(new Reason("keep-local", "remote tiers may not see this request, not even as a fallback"));
            }
        }
        dropUnconfigured(candidates, reasons);
        dropTooSmall(candidates, assessment, reasons);
        if (candidates.isEmpty()) {
            throw new InvalidRequestException(String.format(
                    Locale.ROOT,
                    "the request needs ~%d tokens (prompt and answer), more than any allowed tier's context window (%s);"
                            + " shorten it or lower the maximum output tokens",
                    assessment.tokens().total(),
                    tiers.values().stream()
                            .map(tier -> tier.name() + " " + tier.contextWindow())
                            .sorted()
                            .collect(Collectors.joining(", "))));
        }
        Tier target = tiers.get(candidates.get(0));
        boolean anyRemote = candidates.stream().map(tiers::get).anyMatch(Tier::isRemote);
        RedactionPlan redaction = RedactionPlan.none();
        if (remoteAllowed && anyRemote && !assessment.privacy().findings().isEmpty()) {
            redaction = RedactionPlan.of(assessment.privacy().types());
            reasons.add(new Reason(
                    "redact-before-remote",
                    "replace "
                            + describeCounts(assessment.privacy().countsByType())
                                    .trim() + " with placeholders before any remote tier sees the request"));
        }
        return new Decision(
                target.name(),
                target.locality(),
                candidates.subList(1, candidates.size()),
                remoteAllowed && anyRemote,
                reasons,
                redaction);
    }

    /** Offline mode: a declared remote tier that is not configured cannot be tried. */
    private void dropUnconfigured(List<String> candidates, List<Reason> reasons) {
        List<String> missing =
                candidates.stream().filter(name -> !tiers.containsKey(name)).toList();
        if (missing.isEmpty()) {
            return;
        }
        boolean targetMissing = missing.contains(candidates.get(0));
        candidates.removeAll(missing);
        if (candidates.isEmpty()) {
            tiers.values().stream()
                    .filter(tier -> !tier.isRemote())
                    .map(Tier::name)
                    .sorted()
                    .findFirst()
                    .ifPresent(candidates::add);
        }
        String served = candidates.isEmpty() ? "nothing" : candidates.get(0);
        reasons.add(new Reason(
                "offline",
                (targetMissing ? "would have gone to " : "would have fallen back to ")
                        + String.join(", ", missing)
                        + ", but no such tier is configured; served by " + served));
    }

    private void dropTooSmall(List<String> candidates, Assessment assessment, List<Reason> reasons) {
        int needed = assessment.tokens().total();
        List<String> tooSmall = candidates.stream()
                .filter(name -> tiers.get(name).contextWindow() < needed)
                .toList();
        for (String name : tooSmall) {
            reasons.add(new Reason(
                    "context-window",
                    "~" + needed + " tokens do not fit " + name + "'s context window of "
                            + tiers.get(name).contextWindow(),
                    Map.of("tokens", (double) needed)));
        }
        candidates.removeAll(tooSmall);
    }

    private static String describeCounts(Map<EntityType, Integer> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        return " ("
                + counts.entrySet().stream()
                        .map(entry -> entry.getKey().name() + " x" + entry.getValue())
                        .collect(Collectors.joining(", "))
                + ")";
    }
}
