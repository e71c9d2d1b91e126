package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema and the loader agree: every example policy is valid for both, and every
 * structurally invalid document in the malformed corpus is invalid for both. (Cross-references such as
 * undefined tiers, cycles and unset variables are beyond what a schema can say; only the loader checks
 * those.)
 */
class PolicySchemaTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonSchema SCHEMA = schema();
    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-x", "EU_API_KEY", "eu-x");

    /** Corpus files whose problem is structural: wrong types, unknown keys, values out of range. */
    private static final List<String> STRUCTURAL = List.of(
            "05-unknown-top-key.yaml",
            "06-unknown-tier-key.yaml",
            "07-remote-key-on-local-tier.yaml",
            "08-wrong-type-tiers-list.yaml",
            "09-wrong-type-rules-mapping.yaml",
            "10-wrong-type-context-window.yaml",
            "11-bad-locality.yaml",
            "22-unknown-condition.yaml",
            "23-difficulty-out-of-range.yaml",
            "25-bad-sensitivity.yaml",
            "26-bad-entity-type.yaml",
            "27-two-actions.yaml",
            "28-no-action.yaml",
            "32-refuse-without-message.yaml",
            "33-local-first-missing-escalation.yaml",
            "34-min-confidence-out-of-range.yaml",
            "38-budget-without-limit.yaml",
            "39-budget-bad-period.yaml",
            "42-bad-base-url.yaml",
            "43-bad-timeout.yaml",
            "44-negative-price.yaml",
            "49-bad-language.yaml",
            "50-not-a-mapping.yaml",
            "51-missing-default.yaml",
            "52-bad-rule-name.yaml",
            "53-bad-day.yaml",
            "54-cost-missing-usd.yaml",
            "55-api-key-on-local-tier.yaml",
            "56-unknown-deny-list-key.yaml",
            "57-deny-list-without-terms.yaml",
            "58-deny-list-empty-terms.yaml",
            "60-deny-list-score-out-of-range.yaml",
            "62-pattern-without-regex.yaml",
            "63-empty-allow-list.yaml",
            "65-bad-redaction-method.yaml",
            "66-bad-deny-list-type.yaml",
            "67-case-sensitive-not-boolean.yaml",
            "68-unknown-privacy-key.yaml",
            "69-bad-redaction-type.yaml",
            "74-bad-choice.yaml");

    static Stream<Path> examples() throws IOException {
        Stream<Path> samples;
        try (Stream<Path> list = Files.list(Path.of("../samples/policies"))) {
            samples = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
        Stream<Path> presets = PolicyLoader.PRESETS.stream()
                .map(name -> Path.of("src/main/resources/dev/tandem/policy/presets/" + name + ".yaml"));
        Stream<Path> privacy = Stream.of(Path.of("src/test/resources/policies/custom-privacy.yaml"));
        return Stream.concat(Stream.concat(samples, presets), privacy);
    }

    static Stream<String> structural() {
        return STRUCTURAL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExamplePolicyIsValidForTheSchemaAndTheLoader(Path file) throws IOException {
        Set<ValidationMessage> messages = SCHEMA.validate(YAML.readTree(file.toFile()));

        assertThat(messages).isEmpty();
        assertThat(PolicyLoader.check(file, ENV)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structural")
    void everyStructurallyInvalidDocumentIsInvalidForBoth(String name) throws IOException {
        Path file = MalformedPolicyCorpusTest.DIR.resolve(name);
        JsonNode tree = YAML.readTree(file.toFile());

        assertThat(SCHEMA.validate(tree)).isNotEmpty();
        assertThat(PolicyLoader.check(file, ENV)).isNotEmpty();
    }

    private static JsonSchema schema() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream("tandem-policy.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
