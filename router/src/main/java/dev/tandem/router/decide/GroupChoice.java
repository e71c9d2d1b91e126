package dev.tandem.router.decide;

import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.DetectedLanguage;
import dev.tandem.core.assessment.TokenTax;
import dev.tandem.core.decision.Reason;
import dev.tandem.policy.Action;
import dev.tandem.policy.Policy;
import dev.tandem.policy.TierSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * Orders the local tiers of a group for one request ({@code route: {group: ..., choose: ...}}): the
 * tiers that do not take the detected language are left out, then the rest are ordered by the choice.
 * With {@code lowest-token-tax}, the tier whose own tokenizer needs the fewest tokens for the prompt
 * comes first; a tie goes to the tier whose context window leaves the most room for the prompt and the
 * answer, then to group order. Tiers without a measured count (no tokenizer) count with the router's
 * estimate. Every step leaves a reason naming the tiers, their token counts and their tax.
 */
final class GroupChoice {

    /** The group's tiers in the order to try them, and why. */
    record Ordered(List<String> tiers, List<Reason> reasons) {}

    private GroupChoice() {}

    static Ordered order(
            Policy policy, Action.RouteGroup route, Assessment assessment, ToIntFunction<String> contextWindow) {
        List<String> members = policy.groups().getOrDefault(route.group(), List.of());
        List<Reason> reasons = new ArrayList<>(2);
        Optional<DetectedLanguage> detected = assessment.language().detected();
        List<String> taking = new ArrayList<>();
        List<String> refusing = new ArrayList<>();
        for (String tier : members) {
            List<String> languages = languagesOf(policy, tier);
            boolean takes = languages.isEmpty()
                    || detected.map(d -> languages.contains(d.isoCode())).orElse(false);
            (takes ? taking : refusing).add(tier);
        }
        if (!refusing.isEmpty()) {
            String language = detected.map(
                            d -> String.format(Locale.ROOT, "%s (confidence %.2f)", d.isoCode(), d.confidence()))
                    .orElse("the prompt's language (none the policy names was detected)");
            String skipped = refusing.stream()
                    .map(tier -> tier + " takes " + String.join(", ", languagesOf(policy, tier)))
                    .collect(Collectors.joining("; "));
            reasons.add(new Reason(
                    "language",
                    taking.isEmpty()
                            ? "group " + route.group() + " has no local tier for " + language + " (" + skipped
                                    + "), so the route's fallback serves it"
                                    + (route.fallback().isEmpty()
                                            ? " (none given)"
                                            : ": " + String.join(", ", route.fallback()))
                            : "detected " + language + "; skipped " + skipped));
        }
        if (route.choose() == Action.Choice.LOWEST_TOKEN_TAX && taking.size() > 0) {
            int expected = assessment.tokens().expectedOutputTokens();
            Map<String, TokenTax> measured = assessment.tokenTax();
            ToIntFunction<String> tokens = tier -> measured.containsKey(tier)
                    ? measured.get(tier).tokens()
                    : assessment.tokens().promptTokens();
            Comparator<String> byTokens = Comparator.comparingInt(tokens);
            Comparator<String> byRoom = Comparator.comparingInt(
                    tier -> -(contextWindow.applyAsInt(tier) - tokens.applyAsInt(tier) - expected));
            taking.sort(byTokens.thenComparing(byRoom));
            String chosen = taking.get(0);
            String described = taking.stream()
                    .map(tier -> describe(tier, measured.get(tier), tokens.applyAsInt(tier), contextWindow))
                    .collect(Collectors.joining("; "));
            TokenTax chosenTax = measured.get(chosen);
            reasons.add(new Reason(
                    "lowest-token-tax",
                    chosen + " needs the fewest tokens for the prompt in group " + route.group() + ": " + described,
                    chosenTax == null
                            ? Map.of("prompt_tokens", (double) tokens.applyAsInt(chosen))
                            : Map.of("prompt_tokens", (double) chosenTax.tokens(), "token_tax", chosenTax.tax())));
        }
        return new Ordered(taking, reasons);
    }

    private static String describe(String tier, TokenTax tax, int tokens, ToIntFunction<String> contextWindow) {
        return tax == null
                ? String.format(
                        Locale.ROOT,
                        "%s ~%d tokens (estimated, no tokenizer), window %d",
                        tier,
                        tokens,
                        contextWindow.applyAsInt(tier))
                : String.format(
                        Locale.ROOT,
                        "%s %d tokens (tax %.2f), window %d",
                        tier,
                        tax.tokens(),
                        tax.tax(),
                        contextWindow.applyAsInt(tier));
    }

    private static List<String> languagesOf(Policy policy, String tier) {
        TierSpec spec = policy.tierSpecs().get(tier);
        return spec == null ? List.of() : spec.languages();
    }
}
