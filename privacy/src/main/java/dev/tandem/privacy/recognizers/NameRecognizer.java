package dev.tandem.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.internal.AhoCorasick;
import dev.tandem.privacy.internal.ScannedText;
import dev.tandem.privacy.internal.ScannedTextRecognizer;
import dev.tandem.privacy.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Person and organisation names from cues, without a statistical model:
 *
 * <ul>
 *   <li>after an honorific ({@code Dr. Anna Weber}, {@code Mme Dubois}, {@code Sra. López}): 0.85;
 *   <li>after a cue phrase ({@code my name is}, {@code ich heiße}, {@code je m'appelle}, {@code me
 *       llamo}: 0.75; greetings such as {@code Dear}, {@code Hallo}, {@code Bonjour}: 0.6);
 *   <li>a known given name followed by capitalised words: 0.8; a known given name alone: 0.45, so it
 *       needs a context word such as "colleague";
 *   <li>a capitalised word followed by a known surname: 0.7;
 *   <li>any other capitalised pair inside a sentence: 0.25, reported only with context words.
 * </ul>
 *
 * A capitalised sequence that ends in a legal form ({@code GmbH}, {@code Inc.}, {@code S.A.}) or
 * holds an organisation word ({@code Bank}, {@code Universität}) is an organisation (0.75); so is a
 * capitalised sequence after {@code work at}, {@code arbeite bei}, {@code travaille chez} or {@code
 * trabajo en} (0.6).
 */
final class NameRecognizer implements ScannedTextRecognizer {

    /** A word of the text; its lower-case form is made only for the few words a rule looks up. */
    private static final class Token {
        private final String text;
        private final int start;
        private final int end;
        private final boolean capitalised;
        private final boolean sentenceStart;
        private @Nullable String lower;

        Token(String text, int start, int end, boolean capitalised, boolean sentenceStart) {
            this.text = text;
            this.start = start;
            this.end = end;
            this.capitalised = capitalised;
            this.sentenceStart = sentenceStart;
        }

        int start() {
            return start;
        }

        int end() {
            return end;
        }

        boolean capitalised() {
            return capitalised;
        }

        boolean sentenceStart() {
            return sentenceStart;
        }

        String lower() {
            String lowerCased = lower;
            if (lowerCased == null) {
                lowerCased = text.substring(start, end).toLowerCase(Locale.ROOT);
                lower = lowerCased;
            }
            return lowerCased;
        }
    }

    private static final List<String> STRONG_CUES = List.of(
            "my name is",
            "name is",
            "i am",
            "i'm",
            "this is",
            "called",
            "named",
            "ich heiße",
            "ich heisse",
            "mein name ist",
            "ich bin",
            "je m'appelle",
            "je m’appelle",
            "mon nom est",
            "je suis",
            "me llamo",
            "mi nombre es",
            "soy",
            "name:",
            "name :",
            "nom :",
            "nom:",
            "nombre:",
            "patient:",
            "patientin:",
            "signed",
            "unterschrieben",
            "signé",
            "firmado",
            "regards,",
            "grüße,",
            "gruß,",
            "cordialement,",
            "saludos,",
            "atentamente,",
            "best,",
            "cheers,",
            "thanks,",
            "danke,",
            "merci,",
            "gracias,");
    private static final List<String> GREETING_CUES = List.of(
            "dear",
            "hi",
            "hello",
            "hey",
            "liebe",
            "lieber",
            "hallo",
            "sehr geehrte",
            "sehr geehrter",
            "cher",
            "chère",
            "bonjour",
            "salut",
            "estimado",
            "estimada",
            "querido",
            "querida",
            "hola",
            "ask",
            "contact",
            "with",
            "from",
            "by",
            "frag",
            "fragen sie",
            "demande à",
            "pregunta a",
            "cc",
            "reply to",
            "write to",
            "letter to",
            "email to",
            "message to",
            "review for",
            "colleague",
            "kollege",
            "kollegin",
            "collègue",
            "compañero",
            "compañera",
            "customer",
            "client",
            "patient",
            "patientin",
            "kunde",
            "kundin",
            "cliente",
            "paciente");
    private static final List<String> ORG_CUES = List.of(
            "work at",
            "work for",
            "works at",
            "works for",
            "working at",
            "working for",
            "employed by",
            "employer",
            "company",
            "arbeite bei",
            "arbeitet bei",
            "arbeite bei der",
            "arbeitet bei der",
            "work at the",
            "bei der firma",
            "firma",
            "arbeitgeber",
            "travaille chez",
            "travaille pour",
            "société",
            "entreprise",
            "trabajo en",
            "trabajo para",
            "trabaja en",
            "trabaja para",
            "empresa");
    private static final List<String> DOTTED_SUFFIXES =
            List.of("S.A.R.L.", "S.A.S.", "S.p.A.", "S.L.U.", "S.L.", "S.A.", "e.V.", "Inc.", "Ltd.", "Corp.", "Co.");
    private static final AhoCorasick CUES;

    static {
        List<String> all = new ArrayList<>(STRONG_CUES);
        all.addAll(GREETING_CUES);
        all.addAll(ORG_CUES);
        CUES = AhoCorasick.of(all);
    }

    @Override
    public List<EntitySpan> recognize(ScannedText scanned) {
        String text = scanned.text();
        List<Token> tokens = tokens(text);
        if (tokens.isEmpty()) {
            return List.of();
        }
        List<EntitySpan> found = new ArrayList<>();
        cues(scanned, tokens, found);
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!token.capitalised()) {
                continue;
            }
            if (Lexicon.HONORIFICS.contains(token.lower())) {
                int last = nameEnd(text, tokens, i + 1, true);
                if (last > i) {
                    emit(text, tokens, i + 1, last, 0.85, found);
                }
                continue;
            }
            if (Lexicon.NOT_NAMES.contains(token.lower())) {
                continue;
            }
            int last = nameEnd(text, tokens, i, false);
            if (orgSuffixAt(tokens, last + 1, text)) {
                emit(text, tokens, i, last, 0.75, found);
                i = last + 1;
                continue;
            }
            if (Lexicon.FIRST_NAMES.contains(token.lower())) {
                if (last > i) {
                    emit(text, tokens, i, last, 0.8, found);
                } else if (!Lexicon.AMBIGUOUS_FIRST_NAMES.contains(token.lower())) {
                    emit(text, tokens, i, i, 0.45, found);
                }
            } else if (last > i && Lexicon.SURNAMES.contains(tokens.get(i + 1).lower())) {
                emit(text, tokens, i, last, token.sentenceStart() ? 0.6 : 0.7, found);
            } else if (last > i && !token.sentenceStart() && !afterDeterminer(tokens, i)) {
                emit(text, tokens, i, last, 0.25, found);
            }
        }
        return found;
    }

    private static void cues(ScannedText scanned, List<Token> tokens, List<EntitySpan> found) {
        String text = scanned.text();
        String lower = scanned.lower();
        CUES.forEachMatch(lower, (start, end, index) -> {
            if (!Text.isWholeWord(
                    lower, start, lower.charAt(end - 1) == ',' || lower.charAt(end - 1) == ':' ? end - 1 : end)) {
                return;
            }
            int next = firstTokenAtOrAfter(tokens, end);
            if (next < 0
                    || !tokens.get(next).capitalised()
                    || !onlySpacingBetween(text, end, tokens.get(next).start())) {
                return;
            }
            if (index < STRONG_CUES.size() + GREETING_CUES.size()) {
                if (Lexicon.NOT_NAMES.contains(tokens.get(next).lower())
                        || Lexicon.HONORIFICS.contains(tokens.get(next).lower())) {
                    return;
                }
                int last = nameEnd(text, tokens, next, true);
                if (last < next) {
                    // Too much spacing after the cue for what follows to be its name.
                    return;
                }
                boolean known = Lexicon.FIRST_NAMES.contains(tokens.get(next).lower());
                double score = index < STRONG_CUES.size() ? 0.75 : 0.6;
                emit(text, tokens, next, last, known ? score + 0.1 : score, found);
            } else {
                int last = nameEnd(text, tokens, next, true);
                if (last < next) {
                    return;
                }
                int suffixEnd = orgSuffixEnd(tokens, last + 1, text);
                found.add(new EntitySpan(
                        PrivacyEntityTypes.ORGANIZATION,
                        tokens.get(next).start(),
                        suffixEnd >= 0 ? suffixEnd : tokens.get(last).end(),
                        suffixEnd >= 0 ? 0.75 : 0.6));
            }
        });
    }

    /** Emits a person, or an organisation when the words end in a legal form or hold an org word. */
    private static void emit(
            String text, List<Token> tokens, int first, int last, double score, List<EntitySpan> found) {
        boolean org = false;
        for (int k = first; k <= last; k++) {
            if (Lexicon.ORG_WORDS.contains(tokens.get(k).lower())) {
                org = true;
            }
        }
        int spanEnd = tokens.get(last).end();
        int suffixEnd = orgSuffixEnd(tokens, last + 1, text);
        if (suffixEnd >= 0) {
            org = true;
            spanEnd = suffixEnd;
        }
        EntityType type = org ? PrivacyEntityTypes.ORGANIZATION : PrivacyEntityTypes.PERSON;
        double finalScore = org && suffixEnd >= 0 ? Math.max(score, 0.75) : score;
        found.add(new EntitySpan(type, tokens.get(first).start(), spanEnd, finalScore));
    }

    private static boolean orgSuffixAt(List<Token> tokens, int index, String text) {
        return orgSuffixEnd(tokens, index, text) >= 0;
    }

    /** The end offset of a legal form starting at token {@code index}, or -1 when there is none. */
    private static int orgSuffixEnd(List<Token> tokens, int index, String text) {
        if (index >= tokens.size() || index <= 0) {
            return -1;
        }
        Token token = tokens.get(index);
        boolean adjacent = onlySpacingBetween(text, tokens.get(index - 1).end(), token.start());
        if (!adjacent || !Character.isUpperCase(text.charAt(token.start()))) {
            return -1;
        }
        for (String dotted : DOTTED_SUFFIXES) {
            if (text.startsWith(dotted, token.start())) {
                int end = token.start() + dotted.length();
                return end == text.length() || !Character.isLetterOrDigit(text.charAt(end)) ? end : -1;
            }
        }
        return Lexicon.ORG_SUFFIXES.contains(token.lower()) ? token.end() : -1;
    }

    /**
     * The index of the last token of a name starting at {@code first}: capitalised tokens separated
     * by single spaces, with particles such as "van" or "de" allowed inside, at most four words.
     */
    private static int nameEnd(String text, List<Token> tokens, int first, boolean allowFirst) {
        if (first >= tokens.size()) {
            return first - 1;
        }
        if (first > 0 && allowFirst) {
            Token head = tokens.get(first);
            if (!head.capitalised()
                    || !onlySpacingOrDotBetween(text, tokens.get(first - 1).end(), head.start())) {
                return first - 1;
            }
        }
        int last = first;
        int words = 1;
        int k = first + 1;
        while (k < tokens.size() && words < 4) {
            Token token = tokens.get(k);
            if (orgSuffixEnd(tokens, k, text) >= 0) {
                break;
            }
            if (!singleSpaceBetween(text, tokens.get(k - 1).end(), token.start())) {
                break;
            }
            if (token.capitalised()
                    && !Lexicon.NOT_NAMES.contains(token.lower())
                    && !Lexicon.ORG_SUFFIXES.contains(token.lower())
                    && !Lexicon.HONORIFICS.contains(token.lower())) {
                last = k;
                words++;
                k++;
            } else if (Lexicon.PARTICLES.contains(token.lower())
                    && k + 1 < tokens.size()
                    && tokens.get(k + 1).capitalised()
                    && singleSpaceBetween(text, token.end(), tokens.get(k + 1).start())) {
                k++;
            } else {
                break;
            }
        }
        return last;
    }

    private static boolean afterDeterminer(List<Token> tokens, int i) {
        return i > 0
                && !tokens.get(i - 1).capitalised()
                && Lexicon.NOT_NAMES.contains(tokens.get(i - 1).lower());
    }

    private static int firstTokenAtOrAfter(List<Token> tokens, int offset) {
        // Tokens are in text order: binary search for the first that starts at or after the offset.
        int low = 0;
        int high = tokens.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (tokens.get(middle).start() >= offset) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low < tokens.size() ? low : -1;
    }

    private static boolean singleSpaceBetween(String text, int from, int to) {
        return to - from == 1 && text.charAt(from) == ' ';
    }

    private static boolean onlySpacingBetween(String text, int from, int to) {
        if (to - from > 3) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c != ' ' && c != ':' && c != ',') {
                return false;
            }
        }
        return true;
    }

    private static boolean onlySpacingOrDotBetween(String text, int from, int to) {
        if (to - from > 3 || to == from) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c != ' ' && c != '.' && c != ':' && c != ',') {
                return false;
            }
        }
        return true;
    }

    private static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int length = text.length();
        int i = 0;
        boolean sentenceStart = true;
        while (i < length) {
            char c = text.charAt(i);
            if (!Character.isLetter(c)) {
                if (c == '.' || c == '!' || c == '?' || c == '\n' || c == '¿' || c == '¡') {
                    sentenceStart = true;
                }
                i++;
                continue;
            }
            int start = i;
            i++;
            while (i < length) {
                char d = text.charAt(i);
                if (Character.isLetter(d)) {
                    i++;
                } else if ((d == '\'' || d == '’' || d == '-')
                        && i + 1 < length
                        && Character.isLetter(text.charAt(i + 1))) {
                    i += 2;
                } else {
                    break;
                }
            }
            boolean capitalised = Character.isUpperCase(c) && (i - start == 1 || hasLowerCase(text, start + 1, i));
            tokens.add(new Token(text, start, i, capitalised, sentenceStart));
            sentenceStart = false;
        }
        return tokens;
    }

    private static boolean hasLowerCase(String text, int from, int to) {
        for (int k = from; k < to; k++) {
            if (Character.isLowerCase(text.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "NameRecognizer[PERSON, ORGANIZATION]";
    }
}
