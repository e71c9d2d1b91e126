package dev.tandem.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.internal.AhoCorasick;
import dev.tandem.privacy.internal.ScannedText;
import dev.tandem.privacy.internal.ScannedTextRecognizer;
import dev.tandem.privacy.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets: PEM private key blocks, JWTs, API keys with the well-known prefixes of major clouds and
 * SaaS products, and values next to words such as password, token or secret that look like secrets
 * (high entropy, or for passwords, mixed character classes).
 *
 * <p>Prefixed keys are found with one Aho-Corasick pass over the prefixes; the key's own shape is
 * then checked only at each hit, anchored, so adding prefixes costs almost nothing.
 */
final class SecretRecognizer implements ScannedTextRecognizer {

    private record KeyShape(String prefix, Pattern rest, int valueOffset, double score) {}

    private static final List<KeyShape> SHAPES = List.of(
            aws("AKIA"),
            aws("ASIA"),
            aws("AGPA"),
            aws("AIDA"),
            aws("AROA"),
            aws("AIPA"),
            aws("ANPA"),
            aws("ANVA"),
            aws("APKA"),
            aws("ABIA"),
            aws("ACCA"),
            shape("ghp_", "[A-Za-z0-9]{36}"),
            shape("gho_", "[A-Za-z0-9]{36}"),
            shape("ghu_", "[A-Za-z0-9]{36}"),
            shape("ghs_", "[A-Za-z0-9]{36}"),
            shape("ghr_", "[A-Za-z0-9]{36}"),
            shape("github_pat_", "[A-Za-z0-9_]{40,255}"),
            shape("glpat-", "[A-Za-z0-9_-]{20,}"),
            shape("xoxb-", "[A-Za-z0-9-]{10,}"),
            shape("xoxp-", "[A-Za-z0-9-]{10,}"),
            shape("xoxa-", "[A-Za-z0-9-]{10,}"),
            shape("xoxr-", "[A-Za-z0-9-]{10,}"),
            shape("xoxs-", "[A-Za-z0-9-]{10,}"),
            shape("xoxe-", "[A-Za-z0-9-]{10,}"),
            shape("xapp-", "[A-Za-z0-9-]{10,}"),
            shape("hooks.slack.com/services/", "[A-Za-z0-9/]{20,}"),
            shape("sk_live_", "[A-Za-z0-9]{16,}"),
            shape("sk_test_", "[A-Za-z0-9]{16,}"),
            shape("rk_live_", "[A-Za-z0-9]{16,}"),
            shape("rk_test_", "[A-Za-z0-9]{16,}"),
            shape("whsec_", "[A-Za-z0-9]{24,}"),
            shape("sk-proj-", "[A-Za-z0-9_-]{20,}"),
            shape("sk-svcacct-", "[A-Za-z0-9_-]{20,}"),
            shape("sk-admin-", "[A-Za-z0-9_-]{20,}"),
            shape("sk-ant-", "[A-Za-z0-9_-]{20,}"),
            new KeyShape("sk-", Pattern.compile("[A-Za-z0-9]{20,}(?:T3BlbkFJ[A-Za-z0-9]{20,})?"), 0, 0.9),
            shape("AIza", "[0-9A-Za-z_-]{35}"),
            shape("ya29.", "[0-9A-Za-z_-]{20,}"),
            shape("hf_", "[A-Za-z0-9]{30,}"),
            shape("npm_", "[A-Za-z0-9]{36}"),
            shape("pypi-AgEIcHlwaS5vcmc", "[A-Za-z0-9_-]{50,}"),
            shape("SG.", "[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}"),
            shape("dop_v1_", "[a-f0-9]{64}"),
            shape("shpat_", "[a-fA-F0-9]{32}"),
            shape("shpss_", "[a-fA-F0-9]{32}"),
            shape("shpca_", "[a-fA-F0-9]{32}"),
            shape("shppa_", "[a-fA-F0-9]{32}"),
            shape("sq0atp-", "[0-9A-Za-z_-]{22,43}"),
            shape("sq0csp-", "[0-9A-Za-z_-]{40,50}"),
            shape("key-", "[0-9a-f]{32}"),
            new KeyShape("AccountKey=", Pattern.compile("[A-Za-z0-9+/]{80,100}={0,2}"), "AccountKey=".length(), 0.95));

    private static final AhoCorasick PREFIXES =
            AhoCorasick.of(SHAPES.stream().map(KeyShape::prefix).toList());

    private static final Pattern JWT =
            Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");

    private static final List<String> KEYWORDS = List.of(
            "password",
            "passwd",
            "pwd",
            "passphrase",
            "passcode",
            "secret",
            "token",
            "api key",
            "api_key",
            "apikey",
            "api-key",
            "access key",
            "access_key",
            "secret_key",
            "client_secret",
            "credentials",
            "bearer",
            "auth",
            "passwort",
            "kennwort",
            "mot de passe",
            "mdp",
            "contraseña",
            "contrasena",
            "clave");
    private static final Set<String> PASSWORD_WORDS = Set.of(
            "password",
            "passwd",
            "pwd",
            "passphrase",
            "passcode",
            "passwort",
            "kennwort",
            "mot de passe",
            "mdp",
            "contraseña",
            "contrasena",
            "clave");
    private static final AhoCorasick KEYWORD_AUTOMATON = AhoCorasick.of(KEYWORDS);
    private static final String SEPARATOR = "(?:[:=]{1,2}|=>|\\bis\\b|\\bist\\b|\\best\\b|\\bes\\b|\\blautet\\b|:)";
    private static final String VALUE = "([^\\s\"'`,;<>]{6,200})";
    private static final Pattern AFTER_KEYWORD =
            Pattern.compile("[A-Za-z_]{0,20}[\"']?\\s{0,3}" + SEPARATOR + "?\\s{0,3}[\"'`]?" + VALUE);
    private static final Pattern AFTER_KEYWORD_AND_WORDS =
            Pattern.compile("(?:\\s{1,3}[\\p{L}'-]{1,12}){1,3}\\s{0,3}" + SEPARATOR + "\\s{0,3}[\"'`]?" + VALUE);

    @Override
    public List<EntitySpan> recognize(ScannedText scanned) {
        String text = scanned.text();
        List<EntitySpan> found = new ArrayList<>();
        privateKeys(text, found);
        if (text.contains("eyJ")) {
            Matcher jwt = JWT.matcher(text);
            while (jwt.find()) {
                found.add(new EntitySpan(PrivacyEntityTypes.SECRET, jwt.start(), jwt.end(), 0.95));
            }
        }
        prefixedKeys(text, found);
        keywordValues(scanned, found);
        return found;
    }

    private static void privateKeys(String text, List<EntitySpan> found) {
        int begin = text.indexOf("-----BEGIN ");
        while (begin >= 0) {
            int headerEnd = text.indexOf("-----", begin + 11);
            if (headerEnd < 0) {
                return;
            }
            String header = text.substring(begin, headerEnd);
            int next = headerEnd + 5;
            if (header.endsWith("PRIVATE KEY") || header.contains("PRIVATE KEY BLOCK")) {
                int end = text.indexOf("-----END ", next);
                int close = end < 0 ? -1 : text.indexOf("-----", end + 9);
                if (close >= 0) {
                    next = close + 5;
                } else {
                    next = next + blockLength(text, next);
                }
                found.add(new EntitySpan(PrivacyEntityTypes.SECRET, begin, next, 1.0));
            }
            begin = text.indexOf("-----BEGIN ", next);
        }
    }

    /** A truncated key: its base64 lines, up to a blank line or the end. */
    private static int blockLength(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean base64 = Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '=';
            boolean lineBreak = c == '\n' || c == '\r';
            if (lineBreak && i + 1 < text.length() && (text.charAt(i + 1) == '\n' || text.charAt(i + 1) == '\r')) {
                break;
            }
            if (!base64 && !lineBreak && c != ' ') {
                break;
            }
            i++;
        }
        while (i > from && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i - from;
    }

    private static void prefixedKeys(String text, List<EntitySpan> found) {
        PREFIXES.forEachMatch(text, (start, end, index) -> {
            KeyShape shape = SHAPES.get(index);
            if (start > 0 && isTokenChar(text.charAt(start - 1)) && shape.valueOffset() == 0) {
                return;
            }
            Matcher rest = shape.rest().matcher(text).region(end, text.length());
            if (rest.lookingAt() && (rest.end() == text.length() || !isTokenChar(text.charAt(rest.end())))) {
                found.add(new EntitySpan(
                        PrivacyEntityTypes.SECRET, start + shape.valueOffset(), rest.end(), shape.score()));
            }
        });
    }

    private static void keywordValues(ScannedText scanned, List<EntitySpan> found) {
        String text = scanned.text();
        String lower = scanned.lower();
        KEYWORD_AUTOMATON.forEachMatch(lower, (start, end, index) -> {
            if (start > 0 && Character.isLetterOrDigit(lower.charAt(start - 1))) {
                return;
            }
            int limit = Math.min(text.length(), end + 260);
            Matcher value = AFTER_KEYWORD.matcher(text).region(end, limit);
            if (!value.lookingAt()) {
                value = AFTER_KEYWORD_AND_WORDS.matcher(text).region(end, limit);
                if (!value.lookingAt()) {
                    return;
                }
            }
            String candidate = trimPunctuation(value.group(1));
            boolean password = PASSWORD_WORDS.contains(KEYWORDS.get(index));
            if (password ? looksLikePassword(candidate) : looksLikeToken(candidate)) {
                int valueStart = value.start(1);
                found.add(new EntitySpan(PrivacyEntityTypes.SECRET, valueStart, valueStart + candidate.length(), 0.85));
            }
        });
    }

    private static String trimPunctuation(String value) {
        int end = value.length();
        while (end > 6 && ".,)]}".indexOf(value.charAt(end - 1)) >= 0) {
            end--;
        }
        return value.substring(0, end);
    }

    /** At least 6 characters and at least two of lower case, upper case, digits and symbols. */
    static boolean looksLikePassword(String value) {
        if (value.length() < 6 || value.startsWith("http") || value.startsWith("<")) {
            return false;
        }
        return characterClasses(value) >= 2 && !value.matches("[A-Z]?[a-zäöüßéèêàçñáíóú]+[.:]?");
    }

    /** At least 16 characters, three character classes or entropy of 3.5 bits per character. */
    static boolean looksLikeToken(String value) {
        if (value.length() < 16 || value.startsWith("http") || value.startsWith("<")) {
            return false;
        }
        int classes = characterClasses(value);
        return classes >= 2 && (classes >= 3 || Text.entropy(value) >= 3.5);
    }

    private static int characterClasses(String value) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                symbol = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static KeyShape aws(String prefix) {
        return new KeyShape(prefix, Pattern.compile("[A-Z0-9]{16}"), 0, 0.95);
    }

    private static KeyShape shape(String prefix, String rest) {
        return new KeyShape(prefix, Pattern.compile(rest), 0, 0.95);
    }

    @Override
    public String toString() {
        return "SecretRecognizer[prefixes=" + SHAPES.size() + ", keywords=" + KEYWORDS.size() + "]";
    }
}
