package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One thing wrong with a policy: where it is (file, line and column when it came from a file, and the
 * path of the field, like {@code rules[3].when.difficulty-at-least}) and what is wrong and allowed.
 * Messages never quote secrets.
 *
 * @param source the file name, or {@code <java>} for a policy built in code
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record PolicyProblem(String source, int line, int column, String path, String message) {

    /** The start of the message {@code dev.tandem.policy.internal.Interpolation} writes for an unset variable. */
    private static final Pattern UNSET_VARIABLE =
            Pattern.compile("environment variable '([A-Za-z_][A-Za-z0-9_]*)' is not set;");

    public PolicyProblem {
        requireNonNull(source, "source");
        requireNonNull(path, "path");
        requireNonNull(message, "message");
    }

    /**
     * The environment variable this problem says is not set, if that is what it says: a lint where secrets
     * are absent (CI) reports those as warnings ({@code tandem policy check} without {@code --strict}).
     */
    public Optional<String> unsetVariable() {
        Matcher matcher = UNSET_VARIABLE.matcher(message);
        return matcher.lookingAt() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** {@code file:line:col: path: message}, the form compilers use, so editors can jump to it. */
    public String describe() {
        String where = line > 0 ? source + ":" + line + ":" + column : source;
        return path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message;
    }
}
