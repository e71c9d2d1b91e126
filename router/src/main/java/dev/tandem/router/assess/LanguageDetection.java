package dev.tandem.router.assess;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import dev.tandem.core.assessment.DetectedLanguage;
import dev.tandem.policy.Action;
import dev.tandem.policy.Clause;
import dev.tandem.policy.Condition;
import dev.tandem.policy.Languages;
import dev.tandem.policy.Policy;
import dev.tandem.policy.Rule;
import dev.tandem.policy.TierSpec;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Tells which natural language a prompt is written in, among the languages a policy names (its {@code
 * language} conditions and the {@code languages} of the tiers in its groups) plus English, with Lingua.
 * Only those languages' models are loaded: a policy that names none loads nothing and detects nothing.
 *
 * <pre>{@code
 * LanguageDetection detection = LanguageDetection.of(Set.of("de", "th"));   // loads de, th and en
 * Optional<DetectedLanguage> language = detection.detect("Wie setze ich mein Passwort zurück?");  // de, ~0.99
 * }</pre>
 *
 * <p>English is always among the candidates: most prompts are English, and a detector that may only
 * answer one of the named languages would force every English prompt into one of them. Only the first
 * {@value #MAX_CHARS} characters are read (accuracy has settled long before; cost grows with length).
 * Detectors are shared by language set, so a reloaded policy naming the same languages loads nothing
 * new. Thread-safe.
 */
public final class LanguageDetection {

    /** Characters of a prompt the detector reads. */
    public static final int MAX_CHARS = 300;

    private static final LanguageDetection NONE = new LanguageDetection(Set.of(), null);
    private static final Map<Set<String>, LanguageDetector> DETECTORS = new ConcurrentHashMap<>();

    private final Set<String> languages;
    private final @Nullable LanguageDetector detector;

    private LanguageDetection(Set<String> languages, @Nullable LanguageDetector detector) {
        this.languages = languages;
        this.detector = detector;
    }

    /** Detection that never runs: no language is named. */
    public static LanguageDetection none() {
        return NONE;
    }

    /**
     * A detector for these ISO 639-1 codes and English; {@link #none()} when {@code codes} is empty.
     *
     * @throws IllegalArgumentException naming a code Lingua does not detect
     */
    public static LanguageDetection of(Set<String> codes) {
        if (codes.isEmpty()) {
            return NONE;
        }
        TreeSet<String> all = new TreeSet<>(codes);
        all.add("en");
        Set<String> key = Collections.unmodifiableSet(all);
        LanguageDetector detector = DETECTORS.computeIfAbsent(key, LanguageDetection::build);
        return new LanguageDetection(key, detector);
    }

    /** The detection a policy needs: the languages of its {@code language} conditions and its group tiers. */
    public static LanguageDetection forPolicy(Policy policy) {
        return of(namedBy(policy));
    }

    /** The languages a policy names in {@code language} conditions (rules, shadow) and in its groups' tiers. */
    public static Set<String> namedBy(Policy policy) {
        Set<String> named = new TreeSet<>();
        for (Rule rule : policy.rules()) {
            addConditionLanguages(rule.condition(), named);
        }
        policy.learning().flatMap(l -> l.shadow()).ifPresent(shadow -> addConditionLanguages(shadow.when(), named));
        if (usesGroups(policy)) {
            for (var members : policy.groups().values()) {
                for (String tier : members) {
                    TierSpec spec = policy.tierSpecs().get(tier);
                    if (spec != null) {
                        named.addAll(spec.languages());
                    }
                }
            }
        }
        return named;
    }

    private static boolean usesGroups(Policy policy) {
        return policy.defaultAction() instanceof Action.RouteGroup
                || policy.rules().stream().anyMatch(rule -> rule.action() instanceof Action.RouteGroup)
                || policy.budgets().budgets().stream()
                        .anyMatch(budget -> budget.whenExceeded() instanceof Action.RouteGroup);
    }

    private static void addConditionLanguages(Condition condition, Set<String> named) {
        for (Clause clause : condition.clauses()) {
            if (clause instanceof Clause.Language language) {
                named.addAll(language.languages());
            }
        }
    }

    /** The languages this detection tells apart (the named ones and English), empty when it never runs. */
    public Set<String> languages() {
        return languages;
    }

    public boolean isActive() {
        return detector != null;
    }

    /**
     * The most likely language of {@code text} and its confidence (Lingua's probability among the loaded
     * languages); empty when detection is off or the text matches none of them (no letters, or a script
     * none of them is written in).
     */
    public Optional<DetectedLanguage> detect(String text) {
        if (detector == null || text.isBlank()) {
            return Optional.empty();
        }
        String head = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        SortedMap<Language, Double> confidences = detector.computeLanguageConfidenceValues(head);
        if (confidences.isEmpty()) {
            return Optional.empty();
        }
        Language top = confidences.firstKey();
        if (top == Language.UNKNOWN) {
            return Optional.empty();
        }
        double confidence = Math.max(0.0, Math.min(1.0, confidences.get(top)));
        return Optional.of(new DetectedLanguage(Languages.code(top), confidence));
    }

    private static LanguageDetector build(Set<String> codes) {
        Language[] languages = codes.stream()
                .map(code -> Languages.lingua(code)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "Lingua does not detect language '" + code + "'; use one of " + Languages.codes())))
                .toArray(Language[]::new);
        return LanguageDetectorBuilder.fromLanguages(languages)
                .withPreloadedLanguageModels()
                .build();
    }

    @Override
    public String toString() {
        return "LanguageDetection" + languages;
    }
}
