package dev.tandem.policy.internal;

import java.util.List;

/**
 * A YAML document as a tree whose every node knows where it was written, so that each problem can be
 * reported at its own line and column.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    Location location();

    /**
     * A 1-based line and column in a source (a file name, or a preset's name); nodes of a policy merged
     * from a preset keep the location in the preset.
     */
    record Location(String source, int line, int column) {}

    /** A scalar with its text as written; {@code quoted} is false for plain numbers and booleans too. */
    record Scalar(String text, boolean isNull, Location location) implements YamlNode {}

    record Entry(String key, Location keyLocation, YamlNode value) {}

    record Mapping(List<Entry> entries, Location location) implements YamlNode {}

    record Sequence(List<YamlNode> items, Location location) implements YamlNode {}

    /** A short name of the node's kind for messages: "a mapping", "a list", "a value". */
    static String kind(YamlNode node) {
        return switch (node) {
            case Mapping m -> "a mapping";
            case Sequence s -> "a list";
            case Scalar s -> s.isNull() ? "nothing" : "the value '" + s.text() + "'";
        };
    }
}
