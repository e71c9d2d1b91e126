package dev.tandem.spring;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Spring binds every scalar under a {@code Map<String, Object>} property as a string; the remote body needs
 * JSON types. {@code true}/{@code false} become booleans and plain decimal numbers become numbers; nested
 * maps and lists keep their shape.
 */
final class JsonValues {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private JsonValues() {}

    static Map<String, Object> typed(Map<String, Object> values) {
        Map<String, Object> typed = new LinkedHashMap<>();
        values.forEach((key, value) -> typed.put(key, typedValue(value)));
        return typed;
    }

    @SuppressWarnings("unchecked")
    private static Object typedValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return typed((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonValues::typedValue).toList();
        }
        if (value instanceof String text) {
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
            if (NUMBER.matcher(text).matches()) {
                BigDecimal number = new BigDecimal(text);
                return number.scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                        ? (Object) number.longValueExact()
                        : number;
            }
        }
        return value;
    }
}
