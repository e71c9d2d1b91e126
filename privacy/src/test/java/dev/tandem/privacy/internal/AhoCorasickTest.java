package dev.tandem.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
    void findsEveryMatchWhenTheKeywordsOutgrowTheTransitionTable() {
        // About 14,000 states over 26 letters: more than the complete transition table holds (about 9,700),
        // so the deeper states fall back on their own transitions and failure links.
        Random random = new Random(42);
        List<String> keywords = new ArrayList<>();
        for (int k = 0; k < 4_000; k++) {
            keywords.add(randomWord(random, 3 + random.nextInt(6)));
        }
        String text = randomWord(random, 20_000);
        AhoCorasick automaton = AhoCorasick.of(keywords);
        List<String> matches = new ArrayList<>();

        automaton.forEachMatch(text, (start, end, keyword) -> matches.add(start + "-" + end + ":" + keyword));

        List<String> expected = new ArrayList<>();
        for (int k = 0; k < keywords.size(); k++) {
            String keyword = keywords.get(k);
            for (int at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + 1)) {
                expected.add(at + "-" + (at + keyword.length()) + ":" + k);
            }
        }
        assertThat(matches).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String randomWord(Random random, int length) {
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    @Test
    void textOffsetsStayAlignedAfterCharacterWiseLowerCasing() {
        String text = "İstanbul ANNA";

        String lower = Text.lower(text);

        assertThat(lower).hasSameSizeAs(text);
        assertThat(lower.substring(9)).isEqualTo("anna");
    }
}
