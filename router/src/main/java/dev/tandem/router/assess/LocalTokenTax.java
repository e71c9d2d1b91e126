package dev.tandem.router.assess;

import dev.tandem.core.assessment.TokenTax;
import dev.tandem.core.spi.LocalTokenizer;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Action;
import dev.tandem.policy.Budget;
import dev.tandem.policy.Policy;
import dev.tandem.policy.Rule;
import dev.tandem.router.difficulty.TokenCounters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, for each local tier a policy chooses among by {@code lowest-token-tax}, how many of that
 * model's own tokens a prompt costs, and the tax against a large multilingual reference vocabulary
 * ({@link TokenCounters#approximateReference()}). Tiers whose model lends no tokenizer ({@link
 * LocalTokenizer}) are left out; the decide stage then orders them by the router's estimate.
 *
 * <pre>{@code
 * LocalTokenTax tax = LocalTokenTax.forPolicy(policy, tiers);
 * Map<String, TokenTax> byTier = tax.measure(promptText);   // {coder=TokenTax[tokens=41, tax=3.1], ...}
 * }</pre>
 *
 * <p>A tokenizer that throws is logged (its class only, never the text) and left out of that request.
 * Thread-safe when the tokenizers are.
 */
public final class LocalTokenTax {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTokenTax.class);
    private static final LocalTokenTax NONE = new LocalTokenTax(Map.of());
    private static final ToIntFunction<String> REFERENCE = TokenCounters.approximateReference();

    private final Map<String, LocalTokenizer> tokenizers;

    private LocalTokenTax(Map<String, LocalTokenizer> tokenizers) {
        this.tokenizers = Collections.unmodifiableMap(new LinkedHashMap<>(tokenizers));
    }

    /** Measures nothing. */
    public static LocalTokenTax none() {
        return NONE;
    }

    /** Measures with these tokenizers, by tier name. */
    public static LocalTokenTax of(Map<String, LocalTokenizer> tokenizers) {
        return tokenizers.isEmpty() ? NONE : new LocalTokenTax(tokenizers);
    }

    /** The tokenizers of the configured tiers in the groups that the policy's actions choose by token tax. */
    public static LocalTokenTax forPolicy(Policy policy, Map<String, Tier> tiers) {
        List<Action> actions = new ArrayList<>();
        actions.add(policy.defaultAction());
        policy.rules().stream().map(Rule::action).forEach(actions::add);
        policy.budgets().budgets().stream().map(Budget::whenExceeded).forEach(actions::add);
        Map<String, LocalTokenizer> tokenizers = new LinkedHashMap<>();
        for (Action action : actions) {
            if (action instanceof Action.RouteGroup group && group.choose() == Action.Choice.LOWEST_TOKEN_TAX) {
                for (String name : policy.groups().getOrDefault(group.group(), List.of())) {
                    Tier tier = tiers.get(name);
                    if (tier != null && !tier.isRemote() && tier.chatModel() instanceof LocalTokenizer tokenizer) {
                        tokenizers.put(name, tokenizer);
                    }
                }
            }
        }
        return of(tokenizers);
    }

    /** The tiers this measures, in group order. */
    public java.util.Set<String> tiers() {
        return tokenizers.keySet();
    }

    /** Each tier's tokens for {@code text} and its tax; empty when no tier is measured. */
    public Map<String, TokenTax> measure(String text) {
        if (tokenizers.isEmpty()) {
            return Map.of();
        }
        int reference = Math.max(1, REFERENCE.applyAsInt(text));
        Map<String, TokenTax> taxes = new LinkedHashMap<>();
        tokenizers.forEach((tier, tokenizer) -> {
            try {
                int tokens = tokenizer.countTokens(text);
                taxes.put(tier, new TokenTax(tokens, tokens / (double) reference));
            } catch (RuntimeException e) {
                LOG.warn(
                        "The tokenizer of local tier {} failed ({}); it is ordered by the estimate for this request",
                        tier,
                        e.getClass().getName());
            }
        });
        return taxes;
    }
}
