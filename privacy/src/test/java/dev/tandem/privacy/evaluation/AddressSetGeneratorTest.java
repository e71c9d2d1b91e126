package dev.tandem.privacy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The template rendering and postcode shapes of the address generator (no shared data needed). */
class AddressSetGeneratorTest {

    private static final String GERMAN_LAYOUT = """
            {{{attention}}}
            {{{house}}}
            {{#first}} {{{road}}} || {{{place}}} || {{{hamlet}}} {{/first}} {{{house_number}}}
            {{{postcode}}} {{#first}} {{{postal_city}}} || {{{town}}} || {{{city}}} || {{{village}}} {{/first}}
            {{{country}}}
            """;

    private static final String US_LAYOUT = """
            {{{house_number}}} {{{road}}}
            {{#first}} {{{city}}} || {{{town}}} {{/first}}, {{#first}} {{{state_code}}} || {{{state}}} {{/first}} {{{postcode}}}
            {{{country}}}
            """;

    @Test
    void rendersTheFirstPresentAlternativeAndDropsAbsentComponentsAndEmptyLines() {
        String block = AddressSetGenerator.render(GERMAN_LAYOUT, Set.of("road", "house_number", "postcode", "city"));

        assertThat(block.replace('\u0001', '<').replace('\u0002', '>'))
                .isEqualTo("<road> <house_number>\n<postcode> <city>");
    }

    @Test
    void keepsTheCommaBetweenCityAndStateAndDropsItWhenTheStateIsAbsent() {
        String withState = AddressSetGenerator.render(
                US_LAYOUT, Set.of("road", "house_number", "postcode", "city", "state_code", "country"));
        String withoutState = AddressSetGenerator.render(US_LAYOUT, Set.of("road", "house_number", "city"));

        assertThat(withState.replace('\u0001', '<').replace('\u0002', '>'))
                .isEqualTo("<house_number> <road>\n<city>, <state_code> <postcode>\n<country>");
        assertThat(withoutState.replace('\u0001', '<').replace('\u0002', '>'))
                .isEqualTo("<house_number> <road>\n<city>");
    }

    @Test
    void postcodesFollowTheirShape() {
        SplittableRandom random = new SplittableRandom(1);

        String dutch = AddressSetGenerator.postcode("9999 AA", random);
        String argentine = AddressSetGenerator.postcode("A9999AAA", random);

        assertThat(dutch).matches("\\d{4} [A-Z]{2}");
        assertThat(argentine).matches("[A-Z]\\d{4}[A-Z]{3}");
    }

    @Test
    void trainAndTestUseDisjointCountriesAndStems() {
        var train = LocaleSpec.ALL.stream()
                .filter(spec -> spec.split() == AddressSetGenerator.Split.TRAIN)
                .toList();
        var test = LocaleSpec.ALL.stream()
                .filter(spec -> spec.split() == AddressSetGenerator.Split.TEST)
                .toList();

        assertThat(train)
                .extracting(LocaleSpec::country)
                .doesNotContainAnyElementsOf(test.stream()
                        .map(LocaleSpec::country)
                        .filter(country -> !country.equals("US-MIL"))
                        .toList());
        assertThat(train.stream().flatMap(spec -> spec.stems().stream()))
                .doesNotContainAnyElementsOf(
                        test.stream().flatMap(spec -> spec.stems().stream()).toList());
        assertThat(test)
                .extracting(LocaleSpec::language)
                .contains("en", "de", "fr", "es", "it", "nl", "nb", "fi", "is", "el");
    }
}
