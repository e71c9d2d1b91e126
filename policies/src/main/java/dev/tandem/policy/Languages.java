package dev.tandem.policy;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import dev.tandem.policy.internal.Suggestions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The natural languages a policy may name: the ISO 639-1 codes of the languages Lingua detects (75 of
 * them, such as {@code en}, {@code de}, {@code th}).
 */
public final class Languages {

    private static final Set<String> CODES = Arrays.stream(Language.values())
            .filter(language -> language != Language.UNKNOWN)
            .map(language -> language.getIsoCode639_1().name().toLowerCase(Locale.ROOT))
            .collect(Collectors.toCollection(TreeSet::new));

    private Languages() {}

    /** Every code a policy may name, sorted. */
    public static Set<String> codes() {
        return java.util.Collections.unmodifiableSet(CODES);
    }

    /** Lingua's language for an ISO 639-1 code, when it detects that language. */
    public static Optional<Language> lingua(String code) {
        if (!CODES.contains(code)) {
            return Optional.empty();
        }
        return Optional.of(Language.getByIsoCode639_1(IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT))));
    }

    /** The ISO 639-1 code of a Lingua language, in lower case. */
    public static String code(Language language) {
        return language.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the code and a near one, when Lingua does not detect it */
    static void check(String code) {
        if (!CODES.contains(code)) {
            String hint = Arrays.stream(Language.values())
                    .filter(language -> language.name().equalsIgnoreCase(code))
                    .findFirst()
                    .map(language -> ", did you mean '" + code(language) + "'?")
                    .orElseGet(() -> code.length() == 2 ? "" : Suggestions.didYouMean(code, CODES));
            throw new IllegalArgumentException("unknown language '" + code + "': use an ISO 639-1 code in lower case"
                    + " that the language detector knows, like en, de, fr or th (" + CODES.size() + " are known)"
                    + hint);
        }
    }
}
