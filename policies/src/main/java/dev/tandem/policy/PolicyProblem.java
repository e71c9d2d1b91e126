package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

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

    public PolicyProblem {
        requireNonNull(source, "source");
        requireNonNull(path, "path");
        requireNonNull(message, "message");
    }

    /** {@code file:line:col: path: message}, the form compilers use, so editors can jump to it. */
    public String describe() {
        String where = line > 0 ? source + ":" + line + ":" + column : source;
        return path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message;
    }
}
