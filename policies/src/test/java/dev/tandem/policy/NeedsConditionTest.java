package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.tier.TierFeature;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NeedsConditionTest {

    @Test
    void readsTheNeedsConditionAsOneOrSeveralFeatures() {
        Policy policy = PolicyLoader.parse("""
                name: needs
                tiers:
                  local: {locality: local}
                  remote: {locality: remote}
                rules:
                  - name: agents-remote
                    when: {needs: [tools, json-schema]}
                    route: {tier: remote}
                  - name: pictures
                    when: {needs: images}
                    route: {tier: remote}
                default:
                  keep-local: {}
                """, "needs.yaml");

        assertThat(policy.rules().get(0).condition().clauses())
                .containsExactly(new Clause.Needs(Set.of(TierFeature.TOOLS, TierFeature.JSON_SCHEMA)));
        assertThat(policy.rules().get(1).condition().clauses())
                .containsExactly(new Clause.Needs(Set.of(TierFeature.IMAGES)));
    }

    @Test
    void unknownNeedIsReportedWithFileLineAndColumn() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                        name: needs
                        tiers:
                          local: {locality: local}
                        rules:
                          - name: agents
                            when: {needs: [tool]}
                            keep-local: {}
                        default:
                          keep-local: {}
                        """, "needs.yaml"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("needs.yaml:6:19: rules[0].when.needs: unknown need 'tool'")
                .hasMessageContaining("unknown need 'tool'; expected one of tools, json-output, json-schema, images");
    }
}
