package dev.tandem.privacy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.privacy.PrivacyEntityTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoredTypesTest {

    @Test
    void joinsAStreetAndAPostcodeSeparatedByACommaIntoOneAddress() {
        String text = "Hauptstraße 12, 10115 Berlin, phone 030 1234567";
        List<EntitySpan> spans = List.of(
                new EntitySpan(PrivacyEntityTypes.POSTCODE, 16, 28, 0.6),
                new EntitySpan(PrivacyEntityTypes.STREET_ADDRESS, 0, 14, 0.7),
                new EntitySpan(PrivacyEntityTypes.PHONE, 36, 47, 0.6));

        List<EntitySpan> mapped = ScoredTypes.mapped(text, spans);

        assertThat(mapped)
                .extracting(span -> span.type().name() + "=" + text.substring(span.start(), span.end()))
                .containsExactly("ADDRESS=Hauptstraße 12, 10115 Berlin", "PHONE=030 1234567");
    }

    @Test
    void keepsAddressPartsApartWhenWordsStandBetweenThem() {
        String text = "Hauptstraße 12 is far from 10115";
        List<EntitySpan> spans = List.of(
                new EntitySpan(PrivacyEntityTypes.STREET_ADDRESS, 0, 14, 0.7),
                new EntitySpan(PrivacyEntityTypes.POSTCODE, 27, 32, 0.6));

        List<EntitySpan> mapped = ScoredTypes.mapped(text, spans);

        assertThat(mapped).hasSize(2).allMatch(span -> span.type().equals(ScoredTypes.ADDRESS));
    }

    @Test
    void goldKeepsOnlyTheScoredTypes() {
        LabelledText text = new LabelledText(
                "Ada works at Acme on Law 12",
                List.of(
                        new EntitySpan(PrivacyEntityTypes.PERSON, 0, 3, 1),
                        new EntitySpan(PrivacyEntityTypes.ORGANIZATION, 13, 17, 1),
                        new EntitySpan(EntityType.of("LAW"), 21, 27, 1)));

        LabelledText gold = ScoredTypes.gold(text);

        assertThat(gold.spans())
                .extracting(EntitySpan::type)
                .containsExactly(PrivacyEntityTypes.PERSON, PrivacyEntityTypes.ORGANIZATION);
    }

    @Test
    void addressIsADirectIdentifierAndLocationIsNot() {
        assertThat(ScoredTypes.levels().levelOf(ScoredTypes.ADDRESS).name()).isEqualTo("HIGH");
        assertThat(ScoredTypes.levels().levelOf(ScoredTypes.LOCATION).name()).isEqualTo("LOW");
    }
}
