package dev.tandem.policy.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads YAML with Jackson's streaming parser into a {@link YamlNode} tree that keeps locations. A
 * syntax error (tabs, bad indentation, an unclosed quote) becomes a {@link SyntaxError} with its own
 * location instead of an exception.
 */
public final class YamlTreeReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    /** A YAML syntax error at a location. */
    public record SyntaxError(YamlNode.Location location, String message) {}

    /** Either a tree or the syntax error that stopped the parser. */
    public record Result(Optional<YamlNode> root, Optional<SyntaxError> error) {}

    private YamlTreeReader() {}

    public static Result read(String yaml, String source) {
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Result(Optional.empty(), Optional.empty());
            }
            YamlNode root = readNode(parser, source);
            if (parser.nextToken() != null) {
                return new Result(
                        Optional.empty(),
                        Optional.of(new SyntaxError(
                                locationOf(parser, source),
                                "YAML syntax error: a second document; a policy file holds one document")));
            }
            return new Result(Optional.of(root), Optional.empty());
        } catch (JsonProcessingException e) {
            return new Result(Optional.empty(), Optional.of(syntaxError(yaml, source, e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static YamlNode readNode(JsonParser parser, String source) throws IOException {
        YamlNode.Location location = locationOf(parser, source);
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            List<YamlNode.Entry> entries = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                YamlNode.Location keyLocation = locationOf(parser, source);
                parser.nextToken();
                entries.add(new YamlNode.Entry(key, keyLocation, readNode(parser, source)));
            }
            return new YamlNode.Mapping(entries, location);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(readNode(parser, source));
            }
            return new YamlNode.Sequence(items, location);
        }
        boolean isNull = token == JsonToken.VALUE_NULL;
        return new YamlNode.Scalar(isNull ? "" : parser.getText(), isNull, location);
    }

    private static YamlNode.Location locationOf(JsonParser parser, String source) {
        JsonLocation at = parser.currentTokenLocation();
        return new YamlNode.Location(source, at.getLineNr(), at.getColumnNr());
    }

    /**
     * The parser's own message, without Jackson's source excerpt (which could quote a secret). For a tab,
     * the parser points at the end of the line before it; the tab's own position is more useful.
     */
    private static SyntaxError syntaxError(String yaml, String source, JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).trim();
        int tab = yaml.indexOf('\t');
        if (tab >= 0 && message.contains("\\t")) {
            String before = yaml.substring(0, tab);
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            int column = tab - before.lastIndexOf('\n');
            return new SyntaxError(
                    new YamlNode.Location(source, line, column),
                    "YAML syntax error: a tab character; YAML indents with spaces, not tabs");
        }
        JsonLocation at = e.getLocation();
        YamlNode.Location location = at == null
                ? new YamlNode.Location(source, 1, 1)
                : new YamlNode.Location(source, at.getLineNr(), at.getColumnNr());
        String hint = "; check the indentation and quoting of this line and the one before";
        return new SyntaxError(location, "YAML syntax error: " + first + hint);
    }
}
