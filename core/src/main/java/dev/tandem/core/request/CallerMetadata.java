package dev.tandem.core.request;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the calling application knows about a request: who it is for, how it is tagged, when it must be
 * answered by, and how the caller classifies the data in it.
 *
 * <p>Policies can match on every field. A {@link DataClassification} hint never lowers what the
 * privacy scan finds; it can only raise the sensitivity of a request.
 *
 * <pre>{@code
 * CallerMetadata caller = CallerMetadata.builder()
 *         .tenant("acme-eu")
 *         .tag("support")
 *         .deadline(clock.instant().plusSeconds(30))
 *         .classification(DataClassification.CONFIDENTIAL)
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public record CallerMetadata(
        Optional<String> tenant,
        Set<String> tags,
        Map<String, String> headers,
        Optional<Instant> deadline,
        Optional<DataClassification> classification) {

    private static final CallerMetadata NONE = builder().build();

    public CallerMetadata {
        requireNonNull(tenant, "tenant");
        tags = Set.copyOf(requireNonNull(tags, "tags"));
        headers = Map.copyOf(requireNonNull(headers, "headers"));
        requireNonNull(deadline, "deadline");
        requireNonNull(classification, "classification");
    }

    /** Metadata that says nothing: no tenant, no tags, no deadline, no classification hint. */
    public static CallerMetadata none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.tenant = tenant.orElse(null);
        builder.tags.addAll(tags);
        builder.headers.putAll(headers);
        builder.deadline = deadline.orElse(null);
        builder.classification = classification.orElse(null);
        return builder;
    }

    /** Builds {@link CallerMetadata}; every field is optional. */
    public static final class Builder {
        private @Nullable String tenant;
        private final Set<String> tags = new LinkedHashSet<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable Instant deadline;
        private @Nullable DataClassification classification;

        private Builder() {}

        public Builder tenant(String tenant) {
            if (tenant.isBlank()) {
                throw new IllegalArgumentException("tenant must not be blank");
            }
            this.tenant = tenant;
            return this;
        }

        public Builder tag(String tag) {
            if (tag.isBlank()) {
                throw new IllegalArgumentException("a tag must not be blank");
            }
            tags.add(tag);
            return this;
        }

        public Builder tags(Iterable<String> tags) {
            tags.forEach(this::tag);
            return this;
        }

        /** A header as the application received it; header names are matched case-insensitively. */
        public Builder header(String name, String value) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), requireNonNull(value, "value"));
            return this;
        }

        public Builder deadline(Instant deadline) {
            this.deadline = requireNonNull(deadline, "deadline");
            return this;
        }

        public Builder classification(DataClassification classification) {
            this.classification = requireNonNull(classification, "classification");
            return this;
        }

        public CallerMetadata build() {
            return new CallerMetadata(
                    Optional.ofNullable(tenant),
                    tags,
                    headers,
                    Optional.ofNullable(deadline),
                    Optional.ofNullable(classification));
        }
    }
}
