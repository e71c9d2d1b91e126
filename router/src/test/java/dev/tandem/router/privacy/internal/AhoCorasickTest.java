package dev.tandem.router.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {

    @Test
    void reportsEveryOverlappingMatchWithItsKeyword() {
        AhoCorasick automaton = AhoCorasick.of(List.of("he", "she", "his", "hers"));
        List<String> matches = new ArrayList<>();

        automaton.forEachMatch("ushers", (start, end, keyword) -> matches.add(start + "-" + end + ":" + keyword));

        assertThat(matches).containsExactly("1-4:1", "2-4:0", "2-6:3");
    }

    @Test
    void textOffsetsStayAlignedAfterCharacterWiseLowerCasing() {
        String text = "İstanbul ANNA";

        String lower = Text.lower(text);

        assertThat(lower).hasSameSizeAs(text);
        assertThat(lower.substring(9)).isEqualTo("anna");
    }
}
