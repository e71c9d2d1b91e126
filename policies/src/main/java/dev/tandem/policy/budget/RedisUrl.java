package dev.tandem.policy.budget;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A {@code redis://[user:password@]host[:port][/db]} URL, read by hand rather than with {@link
 * java.net.URI}: {@code URI} refuses passwords with characters such as {@code ^} and quotes the whole
 * input, password included, in its error message. Percent-escapes in the user and password are decoded.
 * Every error message and {@link #toString()} show the URL with the credentials replaced by {@code ***}.
 */
record RedisUrl(boolean tls, Optional<String> user, Optional<String> password, String host, int port, int database) {

    private static final int DEFAULT_PORT = 6379;

    static RedisUrl parse(String url) {
        boolean tls;
        String rest;
        if (url.startsWith("redis://")) {
            tls = false;
            rest = url.substring("redis://".length());
        } else if (url.startsWith("rediss://")) {
            tls = true;
            rest = url.substring("rediss://".length());
        } else {
            throw new IllegalArgumentException("a Redis URL starts with redis:// or rediss://");
        }
        int query = indexOfAny(rest, "?#");
        if (query >= 0) {
            // A query could carry a secret too; it is neither used nor shown.
            rest = rest.substring(0, query);
            String shownWithoutQuery = shown(tls, rest);
            throw invalid(shownWithoutQuery, "query parameters and fragments are not supported");
        }
        int at = rest.lastIndexOf('@');
        String userInfo = at >= 0 ? rest.substring(0, at) : "";
        String location = at >= 0 ? rest.substring(at + 1) : rest;
        String shown = shown(tls, rest);

        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (!userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = Optional.of(decode(userInfo, shown));
            } else {
                if (colon > 0) {
                    user = Optional.of(decode(userInfo.substring(0, colon), shown));
                }
                password = Optional.of(decode(userInfo.substring(colon + 1), shown));
            }
        }

        int slash = location.indexOf('/');
        String hostPort = slash >= 0 ? location.substring(0, slash) : location;
        String path = slash >= 0 ? location.substring(slash + 1) : "";
        String host;
        String portText;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw invalid(shown, "the IPv6 host has no closing ']'");
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw invalid(shown, "expected ':port' after the IPv6 host");
            }
            portText = after.isEmpty() ? "" : after.substring(1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            portText = colon >= 0 ? hostPort.substring(colon + 1) : "";
        }
        if (host.isEmpty()) {
            throw invalid(shown, "the host is missing");
        }
        int port = portText.isEmpty() ? DEFAULT_PORT : number(portText, shown, "port", 1, 65535);
        int database = path.isEmpty() ? 0 : number(path, shown, "database", 0, Integer.MAX_VALUE);
        return new RedisUrl(tls, user, password, host, port, database);
    }

    /** The location without credentials, for messages. */
    String where() {
        return "redis " + host + ":" + port;
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://")
                + (user.isPresent() || password.isPresent() ? "***@" : "")
                + host
                + ":"
                + port
                + "/"
                + database;
    }

    private static String shown(boolean tls, String rest) {
        int at = rest.lastIndexOf('@');
        return (tls ? "rediss://" : "redis://") + (at >= 0 ? "***@" + rest.substring(at + 1) : rest);
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static int number(String text, String shown, String what, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw invalid(shown, "the " + what + " '" + text + "' is outside " + min + ".." + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(shown, "the " + what + " '" + text + "' is not a number");
        }
    }

    private static String decode(String text, String shown) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    // The escape itself would reveal part of the secret: name only where it is.
                    throw invalid(shown, "the credentials hold a '%' that is not followed by two hex digits");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String shown, String problem) {
        return new IllegalArgumentException("Redis URL " + shown + " is invalid: " + problem);
    }
}
