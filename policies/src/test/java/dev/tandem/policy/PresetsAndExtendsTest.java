package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.tier.Locality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetsAndExtendsTest {

    @TempDir
    Path dir;

    @Test
    void everyPresetLoads() {
        for (String name : PolicyLoader.PRESETS) {
            Policy preset = PolicyLoader.preset(name);

            assertThat(preset.name()).isEqualTo(name);
        }
    }

    @Test
    void offlineOnlyDeclaresNoRemoteTierAndKeepsEverythingLocal() {
        Policy policy = PolicyLoader.preset("offline-only");

        assertThat(policy.tiers().values())
                .extracting(TierDeclaration::locality)
                .containsOnly(Locality.LOCAL);
        assertThat(policy.defaultAction()).isEqualTo(new Action.KeepLocal(Optional.empty()));
    }

    @Test
    void extendingAPresetPutsNewRulesFirstAndReplacesRulesOfTheSameName() {
        String yaml = """
                extends: privacy-first
                name: mine
                rules:
                  - name: support-stays-local
                    when: {tags-any: [support]}
                    keep-local: {}
                  - name: hard-requests-go-remote
                    when: {difficulty-at-least: 0.8}
                    route: {tier: remote}
                """;

        Policy policy = PolicyLoader.parse(yaml, "mine.yaml", Map.of());

        assertThat(policy.name()).isEqualTo("mine");
        assertThat(policy.rules())
                .extracting(Rule::name)
                .containsExactly(
                        "support-stays-local",
                        "personal-data-stays-local",
                        "long-prompts-go-remote",
                        "hard-requests-go-remote");
        assertThat(policy.rules().get(3).condition().difficultyAtLeast()).hasValue(0.8);
        assertThat(policy.defaultAction()).isEqualTo(new Action.Route("local", List.of("remote")));
    }

    @Test
    void extendingMergesTierSettingsKeyByKeyAndRemovesRulesByName() {
        String yaml = """
                extends: privacy-first
                remove-rules: [long-prompts-go-remote]
                tiers:
                  remote:
                    base-url: https://api.example.com/v1
                    api-key: ${KEY}
                default:
                  keep-local: {}
                """;

        Policy policy = PolicyLoader.parse(yaml, "mine.yaml", Map.of("KEY", "sk-1"));

        TierSpec remote = policy.tierSpecs().get("remote");
        assertThat(remote.locality()).isEqualTo(Locality.REMOTE);
        assertThat(remote.baseUrl()).hasValueSatisfying(url -> assertThat(url).hasHost("api.example.com"));
        assertThat(remote.apiKey().orElseThrow().reveal()).isEqualTo("sk-1");
        assertThat(policy.rules())
                .extracting(Rule::name)
                .containsExactly("personal-data-stays-local", "hard-requests-go-remote");
        assertThat(policy.defaultAction()).isEqualTo(new Action.KeepLocal(Optional.empty()));
    }

    @Test
    void aFileCanExtendAnotherFileRelativeToItself() throws IOException {
        Files.writeString(dir.resolve("base.yaml"), """
                name: base
                tiers: {local: {locality: local}}
                rules:
                  - name: base-rule
                    keep-local: {}
                default: {keep-local: {}}
                """);
        Path child = dir.resolve("child.yaml");
        Files.writeString(child, "extends: base.yaml\nname: child\n");

        Policy policy = PolicyLoader.load(child, Map.of());

        assertThat(policy.name()).isEqualTo("child");
        assertThat(policy.rules()).extracting(Rule::name).containsExactly("base-rule");
    }

    @Test
    void aProblemInAnInheritedPartPointsAtTheBaseFile() throws IOException {
        Files.writeString(dir.resolve("base.yaml"), """
                name: base
                tiers: {local: {locality: local}}
                default: {route: {tier: remote}}
                """);
        Path child = dir.resolve("child.yaml");
        Files.writeString(child, "extends: base.yaml\n");

        assertThatThrownBy(() -> PolicyLoader.load(child, Map.of()))
                .hasMessageContaining(dir.resolve("base.yaml") + ":3:19: default.route.tier: tier 'remote' is not"
                        + " declared under tiers (declared: local)");
    }

    @Test
    void presetsAreNamedInTheMessageForAnUnknownOne() {
        assertThatThrownBy(() -> PolicyLoader.preset("cheapest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown preset 'cheapest', expected one of"
                        + " [cost-first, latency-first, offline-only, privacy-first, quality-first]");
    }
}
