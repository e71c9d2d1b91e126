package dev.tandem.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.internal.MatchesAtStarts;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.internal.ScannedText;
import dev.tandem.privacy.internal.ScannedTextRecognizer;
import dev.tandem.privacy.internal.Text;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 addresses, MAC addresses, and URLs that carry a user and password. IPv6 candidates
 * are validated by structure (at most one {@code ::}, eight groups without it, one to four hex digits
 * each), so times such as {@code 12:30:45} are not addresses.
 */
final class NetworkRecognizer implements ScannedTextRecognizer {

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 =
            Pattern.compile("(?<![\\w.])" + OCTET + "(?:\\." + OCTET + "){3}(?![\\w]|\\.\\d)");
    private static final Pattern IPV6 =
            Pattern.compile("(?<![\\w:.])(?:[0-9A-Fa-f]{1,4}|:)(?::[0-9A-Fa-f]{0,4}){1,7}(?:(?<=:)" + OCTET + "(?:\\."
                    + OCTET + "){3})?(?![\\w:])");
    private static final Pattern MAC =
            Pattern.compile("(?<![\\w:-])(?:[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}"
                    + "|[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4})(?![\\w:-])");
    private static final Pattern CREDENTIAL_URL = Pattern.compile(
            "\\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}://[^\\s:/@]{1,128}:[^\\s/@]{1,128}@[^\\s/?#@]+[^\\s\"'<>]*");

    @Override
    public List<EntitySpan> recognize(ScannedText scanned) {
        String text = scanned.text();
        List<EntitySpan> found = new ArrayList<>();
        if (text.indexOf('.') >= 0) {
            // Digits and single dots only: search only near digits, from each number of at most three
            // digits that a dot follows.
            MatchesAtStarts.forEach(
                    IPV4,
                    text,
                    scanned.digitWindows(2, 2),
                    ipv4Starts(scanned),
                    ipv4 -> found.add(new EntitySpan(PrivacyEntityTypes.IP_ADDRESS, ipv4.start(), ipv4.end(), 0.6)));
        }
        if (text.indexOf(':') >= 0) {
            // At most 4 hex digits before the first colon and an IPv4 tail after the last one, and
            // never more than 4 hex digits between colons: search only near colons, from the hex digits
            // (or the colon) that start the first group.
            MatchesAtStarts.forEach(IPV6, text, colonWindows(text), ipv6Starts(text), ipv6 -> {
                if (validIpv6(ipv6.group())) {
                    found.add(new EntitySpan(PrivacyEntityTypes.IP_ADDRESS, ipv6.start(), ipv6.end(), 0.6));
                }
            });
        }
        BitSet macStarts = macStarts(text);
        if (!macStarts.isEmpty()) {
            MatchesAtStarts.forEach(
                    MAC,
                    text,
                    new int[] {0, text.length()},
                    macStarts,
                    mac -> found.add(new EntitySpan(PrivacyEntityTypes.MAC_ADDRESS, mac.start(), mac.end(), 0.6)));
        }
        if (text.contains("://") && text.indexOf('@') >= 0) {
            Matcher url = CREDENTIAL_URL.matcher(text);
            while (url.find()) {
                int end = url.end();
                while (end > url.start() && ".,;:!?)]}".indexOf(text.charAt(end - 1)) >= 0) {
                    end--;
                }
                found.add(new EntitySpan(PrivacyEntityTypes.URL_CREDENTIALS, url.start(), end, 0.95));
            }
        }
        return found;
    }

    private static BitSet ipv4Starts(ScannedText scanned) {
        String text = scanned.text();
        BitSet starts = new BitSet(text.length());
        int[] runs = scanned.digitRuns();
        for (int r = 0; r < runs.length; r += 2) {
            int end = runs[r + 1];
            if (end - runs[r] <= 3 && end < text.length() && text.charAt(end) == '.') {
                starts.set(runs[r]);
            }
        }
        return starts;
    }

    /** For each colon, the start of the one to four hex digits right before it, or the colon itself. */
    private static BitSet ipv6Starts(String text) {
        BitSet starts = new BitSet(text.length());
        for (int colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
            int start = colon;
            while (start > 0 && colon - start <= 4 && Text.isHexDigit(text.charAt(start - 1))) {
                start--;
            }
            if (colon - start <= 4) {
                starts.set(start);
            }
        }
        return starts;
    }

    /**
     * Where a MAC address can start: two hex digits before a colon or hyphen with two hex digits after
     * it, or four hex digits before a dot with four hex digits and a dot after it.
     */
    private static BitSet macStarts(String text) {
        BitSet starts = new BitSet(text.length());
        int length = text.length();
        for (int i = 2; i + 2 < length; i++) {
            char c = text.charAt(i);
            if ((c == ':' || c == '-') && hexDigits(text, i - 2, 2) && hexDigits(text, i + 1, 2)) {
                starts.set(i - 2);
            } else if (c == '.'
                    && i >= 4
                    && i + 5 < length
                    && text.charAt(i + 5) == '.'
                    && hexDigits(text, i - 4, 4)
                    && hexDigits(text, i + 1, 4)) {
                starts.set(i - 4);
            }
        }
        return starts;
    }

    private static boolean hexDigits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!Text.isHexDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Windows of 24 characters either side of each colon, merged. */
    private static int[] colonWindows(String text) {
        int[] windows = new int[8];
        int count = 0;
        for (int colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
            int start = Math.max(0, colon - 24);
            int end = Math.min(text.length(), colon + 25);
            if (count > 0 && start <= windows[count - 1]) {
                windows[count - 1] = Math.max(windows[count - 1], end);
            } else {
                if (count == windows.length) {
                    windows = java.util.Arrays.copyOf(windows, count * 2);
                }
                windows[count++] = start;
                windows[count++] = end;
            }
        }
        return java.util.Arrays.copyOf(windows, count);
    }

    static boolean validIpv6(String candidate) {
        String address = candidate;
        int groupsForIpv4 = 0;
        int lastColon = address.lastIndexOf(':');
        if (address.indexOf('.', lastColon) > 0) {
            address = address.substring(0, lastColon + 1) + "0:0";
            groupsForIpv4 = 2;
        }
        int doubleColon = address.indexOf("::");
        if (doubleColon >= 0 && address.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        if (address.contains(":::")) {
            return false;
        }
        String[] parts = doubleColon >= 0
                ? (address.substring(0, doubleColon) + ":" + address.substring(doubleColon + 2)).split(":", -1)
                : address.split(":", -1);
        int groups = 0;
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.length() > 4) {
                return false;
            }
            groups++;
        }
        if (doubleColon < 0) {
            return groups == 8 && parts.length == 8;
        }
        boolean emptyEdges = address.startsWith(":") && !address.startsWith("::")
                || address.endsWith(":") && !address.endsWith("::");
        return !emptyEdges && groups <= 7 && groups + groupsForIpv4 >= 1 && hasHexLetterOrEnoughGroups(address, groups);
    }

    /** "::" forms are rare outside addresses, but C++ scopes ({@code std::vector}) are not addresses. */
    private static boolean hasHexLetterOrEnoughGroups(String address, int groups) {
        return groups >= 2 || address.equals("::1") || address.startsWith("fe80") || address.startsWith("::ffff");
    }

    @Override
    public String toString() {
        return "NetworkRecognizer[IP_ADDRESS, MAC_ADDRESS, URL_CREDENTIALS]";
    }
}
