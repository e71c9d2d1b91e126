package dev.tandem.privacy;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Values that are never reported, whatever recognizer found them: a company's own support address,
 * a public test card number, an internal host name pattern. A span is allowed when its text equals
 * one of the terms (ignoring case and surrounding spaces) or fully matches one of the patterns
 * (re2j syntax, linear time). Terms and patterns may be limited to some entity types.
 *
 * <pre>{@code
 * AllowList allow = AllowList.builder()
 *         .terms("support@acme.example", "Acme Support")
 *         .pattern(".*@acme\\.example")
 *         .onlyFor(PrivacyEntityTypes.EMAIL, PrivacyEntityTypes.PERSON)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@code toString} shows counts, never the terms.
 */
public final class AllowList {

    private static final AllowList EMPTY = builder().build();

    private final Set<String> terms;
    private final List<Pattern> patterns;
    private final Set<EntityType> types;

    private AllowList(Builder builder) {
        this.terms = Set.copyOf(builder.terms);
        this.patterns = List.copyOf(builder.patterns);
        this.types = Set.copyOf(builder.types);
    }

    public static AllowList empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when the span's text is allowed and must not be reported. */
    public boolean allows(String text, EntitySpan span) {
        if (terms.isEmpty() && patterns.isEmpty()) {
            return false;
        }
        if (!types.isEmpty() && !types.contains(span.type())) {
            return false;
        }
        String value = text.substring(span.start(), span.end()).strip();
        if (terms.contains(value.toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (Pattern pattern : patterns) {
            if (pattern.matches(value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "AllowList[terms=" + terms.size() + ", patterns=" + patterns.size() + ", types=" + types + "]";
    }

    /** Builds an {@link AllowList}. */
    public static final class Builder {
        private final Set<String> terms = new HashSet<>();
        private final List<Pattern> patterns = new ArrayList<>();
        private final Set<EntityType> types = new HashSet<>();

        private Builder() {}

        public Builder terms(String... terms) {
            return terms(Arrays.asList(terms));
        }

        public Builder terms(Collection<String> terms) {
            for (String term : terms) {
                requireNonNull(term, "term");
                if (term.isBlank()) {
                    throw new IllegalArgumentException("allow-list term must not be blank");
                }
                this.terms.add(term.strip().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** A re2j pattern the whole value must match; the message of a bad pattern says where. */
        public Builder pattern(String regex) {
            requireNonNull(regex, "regex");
            try {
                patterns.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "allow-list pattern '" + regex + "' is not a valid re2j regex: " + e.getDescription(), e);
            }
            return this;
        }

        /** Limits the list to these types; by default it applies to every type. */
        public Builder onlyFor(EntityType... types) {
            this.types.addAll(Arrays.asList(types));
            return this;
        }

        public AllowList build() {
            return new AllowList(this);
        }
    }
}
