package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Learning from traffic, from the policy's {@code learning} section: a bounded store of labelled prompts
 * that {@code tandem calibrate --from-traffic} refits the difficulty calibration from. Labels come from
 * the cascade's escalations and, opt-in, from shadow mode.
 *
 * <pre>{@code
 * learning:
 *   store: traffic-labels.jsonl      # JSON Lines; relative paths resolve against the working directory
 *   max-lines: 10000                 # the oldest labels are dropped beyond this
 *   escalations: true                # a local-first answer escalated for low confidence = "remote" label
 *   shadow:                          # opt-in: also ask the remote tier, off the caller's path
 *     tier: remote
 *     sample: 0.05                   # share of qualifying requests, (0, 1]
 *     when: {difficulty-below: 0.6}  # which requests qualify, as a rule's when; never sensitive ones
 *     agreement: normalised-match    # or {check: NAME} (registered in Java) or {judge: TIER}
 * }</pre>
 *
 * @param store the labelled-prompt file
 * @param maxLines the most labels kept, 100 to {@value #MAX_LINES}; default {@value #DEFAULT_MAX_LINES}
 * @param escalations whether escalations are recorded; default true
 * @param shadow shadow mode, when switched on
 */
public record LearningSettings(Path store, int maxLines, boolean escalations, Optional<Shadow> shadow) {

    public static final int DEFAULT_MAX_LINES = 10_000;
    public static final int MIN_LINES = 100;
    public static final int MAX_LINES = 1_000_000;

    public LearningSettings {
        requireNonNull(store, "store");
        requireNonNull(shadow, "shadow");
        if (store.toString().isBlank()) {
            throw new IllegalArgumentException("learning.store must not be blank");
        }
        if (maxLines < MIN_LINES || maxLines > MAX_LINES) {
            throw new IllegalArgumentException(
                    "learning.max-lines must be in [" + MIN_LINES + ", " + MAX_LINES + "], was " + maxLines);
        }
    }

    /**
     * Shadow mode: a sampled share of the requests served locally that qualify ({@code when}, and nothing
     * personal or secret found in them) is also sent to {@code tier} asynchronously, and whether the two
     * answers agree becomes a label.
     *
     * @param tier a remote tier declared in the policy
     * @param sample the share of qualifying requests shadowed, in (0, 1]
     * @param when which requests qualify (as a rule's {@code when}); always, when empty
     * @param agreement how the two answers are compared
     */
    public record Shadow(String tier, double sample, Condition when, Agreement agreement) {
        public Shadow {
            requireNonNull(tier, "tier");
            requireNonNull(when, "when");
            requireNonNull(agreement, "agreement");
            if (!(sample > 0 && sample <= 1)) {
                throw new IllegalArgumentException("learning.shadow.sample must be in (0, 1], was " + sample);
            }
        }
    }

    /** How a shadowed request's local and remote answers are compared. */
    public sealed interface Agreement {
        /**
         * The answers agree when they are equal after Unicode normalisation (NFKC), case folding, and
         * collapsing punctuation and whitespace.
         */
        record NormalisedMatch() implements Agreement {}

        /** A check the application registers under {@code name} ({@code TandemRouter.Builder.answerCheck}). */
        record NamedCheck(String name) implements Agreement {
            public NamedCheck {
                requireNonNull(name, "name");
                if (name.isBlank()) {
                    throw new IllegalArgumentException("learning.shadow.agreement.check must name a check");
                }
            }
        }

        /** A judge model (a declared tier) asked whether the two answers agree. */
        record Judge(String tier) implements Agreement {
            public Judge {
                requireNonNull(tier, "tier");
            }
        }
    }
}
