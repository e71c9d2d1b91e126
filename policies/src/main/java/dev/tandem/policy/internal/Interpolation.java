package dev.tandem.policy.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Environment interpolation in policy values: {@code ${NAME}} is the variable's value, {@code
 * ${NAME:-default}} falls back to {@code default} when the variable is unset or empty, and {@code $$}
 * is a literal {@code $}. The environment is a map handed in, never {@code System.getenv()} directly,
 * so tests are hermetic.
 */
final class Interpolation {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The interpolated value, or why it could not be interpolated (naming variables, never values). */
    record Result(String value, String error) {
        boolean ok() {
            return error.isEmpty();
        }
    }

    private Interpolation() {}

    static Result apply(String text, Map<String, String> environment) {
        if (text.indexOf('$') < 0) {
            return new Result(text, "");
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (i + 1 >= text.length() || text.charAt(i + 1) != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = text.indexOf('}', i + 2);
            if (close < 0) {
                return new Result("", "unclosed '${'; write ${NAME} or ${NAME:-default}, or $$ for a literal $");
            }
            String body = text.substring(i + 2, close);
            int sep = body.indexOf(":-");
            String name = sep < 0 ? body : body.substring(0, sep);
            Matcher valid = NAME.matcher(name);
            if (!valid.matches()) {
                return new Result(
                        "",
                        "'${" + name + "}' is not a valid environment variable reference; names match"
                                + " [A-Za-z_][A-Za-z0-9_]*");
            }
            String value = environment.get(name);
            if (sep >= 0 && (value == null || value.isEmpty())) {
                value = body.substring(sep + 2);
            }
            if (value == null) {
                return new Result(
                        "",
                        "environment variable '" + name + "' is not set; set it, or give a default with ${" + name
                                + ":-default}");
            }
            out.append(value);
            i = close + 1;
        }
        return new Result(out.toString(), "");
    }
}
