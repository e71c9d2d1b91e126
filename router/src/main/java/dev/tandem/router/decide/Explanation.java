package dev.tandem.router.decide;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A step-by-step account of how a policy decided one request: every rule in order with each clause's
 * result, the budgets checked, and the final decision or refusal. Produced by {@link
 * PolicyDecider#explain}, which calls no tier and records nothing.
 *
 * @param policy the policy's name
 * @param rules every rule in order; rules after the matching one are {@link RuleStatus#NOT_EVALUATED}
 * @param matchedRule the rule that decided, or {@code default}
 * @param budgets the budgets that were checked and what each said
 * @param decision the decision, unless the request was refused or could not be routed
 * @param refusal the refusal message, when the request was refused
 * @param error why no decision could be made (no tier fits), when that happened
 */
public record Explanation(
        String policy,
        List<RuleTrace> rules,
        String matchedRule,
        List<String> budgets,
        Optional<Decision> decision,
        Optional<String> refusal,
        Optional<String> error) {

    public Explanation {
        requireNonNull(policy, "policy");
        rules = List.copyOf(rules);
        requireNonNull(matchedRule, "matchedRule");
        budgets = List.copyOf(budgets);
        requireNonNull(decision, "decision");
        requireNonNull(refusal, "refusal");
        requireNonNull(error, "error");
    }

    /** Whether a rule matched, did not, or was not looked at because an earlier one matched. */
    public enum RuleStatus {
        MATCHED,
        NOT_MATCHED,
        NOT_EVALUATED
    }

    /** One rule: its position, name, status, each clause's result and its action. */
    public record RuleTrace(int index, String name, RuleStatus status, List<ClauseTrace> clauses, String action) {
        public RuleTrace {
            clauses = List.copyOf(clauses);
        }
    }

    /** One clause: its YAML key, whether it held, and the values it compared. */
    public record ClauseTrace(String key, boolean held, String detail) {}

    /** The explanation as numbered lines for a terminal. */
    public String render() {
        List<String> lines = new ArrayList<>();
        lines.add("policy " + policy + ":");
        for (RuleTrace rule : rules) {
            String status = switch (rule.status()) {
                case MATCHED -> "MATCHED";
                case NOT_MATCHED -> "no match";
                case NOT_EVALUATED -> "not evaluated (an earlier rule matched)";
            };
            lines.add(String.format(Locale.ROOT, "  %2d. %s: %s", rule.index() + 1, rule.name(), status));
            if (rule.status() != RuleStatus.NOT_EVALUATED) {
                if (rule.clauses().isEmpty()) {
                    lines.add("        (no condition: matches every request)");
                }
                for (ClauseTrace clause : rule.clauses()) {
                    lines.add("        " + (clause.held() ? "yes " : "no  ") + clause.key() + ": " + clause.detail());
                }
                if (rule.status() == RuleStatus.MATCHED) {
                    lines.add("        -> " + rule.action());
                }
            }
        }
        if (matchedRule.equals("default")) {
            lines.add("  no rule matched: the default action applies");
        }
        budgets.forEach(budget -> lines.add("  budget " + budget));
        refusal.ifPresent(message -> lines.add("decision: REFUSE (" + message + ")"));
        error.ifPresent(message -> lines.add("decision: none (" + message + ")"));
        decision.ifPresent(d -> {
            lines.add("decision: " + d.tier() + " (" + d.locality().wireName() + ")"
                    + (d.fallbacks().isEmpty() ? "" : ", then " + String.join(", ", d.fallbacks()))
                    + (d.remoteAllowed() ? "" : "; never remote")
                    + d.escalation()
                            .map(e -> String.format(
                                    Locale.ROOT, "; escalate to %s below confidence %.2f", e.tier(), e.minConfidence()))
                            .orElse("")
                    + (d.redaction().isEmpty()
                            ? ""
                            : "; redact " + d.redaction().types() + " before remote"));
            for (Reason reason : d.reasons()) {
                lines.add("  because " + reason.describe());
            }
        });
        return String.join("\n", lines);
    }
}
