package dev.atrium.workflow;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workflow action's values filled from the record: {@code {{field}}}, {@code {{id}}} and
 * {@code {{today+N}}}. A value that is exactly one placeholder takes the field's value with its type (a
 * number stays a number); placeholders inside longer text are replaced by the values' text
 * ({@code "Deal {{name}} closed at {{amount}}"}). Objects are filled the same way (a polymorphic
 * lookup {@code {"entity": "case", "id": "{{id}}"}}). A field the record lacks fills in as empty.
 */
public final class ActionValues {
    private static final Pattern WHOLE = Pattern.compile("^\\{\\{\\s*([a-z][a-z0-9_]*)(?:\\s*\\+\\s*(\\d+))?\\s*}}$");
    private static final Pattern ANY = Pattern.compile("\\{\\{\\s*([a-z][a-z0-9_]*)(?:\\s*\\+\\s*(\\d+))?\\s*}}");

    private ActionValues() {}

    public static JsonObject fill(Map<String, Object> template, JsonObject record) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> v : template.entrySet()) {
            Object value = v.getValue();
            if (value instanceof String s) value = fill(s, record);
            if (value instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) m;
                value = fill(nested, record);
            }
            out.put(v.getKey(), value instanceof List<?> ? Json.decodeValue(Json.encode(value)) : value);
        }
        return out;
    }

    private static Object fill(String s, JsonObject record) {
        Matcher whole = WHOLE.matcher(s);
        if (whole.matches()) return resolve(whole.group(1), whole.group(2), record);
        Matcher m = ANY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = resolve(m.group(1), m.group(2), record);
            m.appendReplacement(out, Matcher.quoteReplacement(text(v)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object resolve(String ref, String plusDays, JsonObject record) {
        if (ref.equals("today")) {
            return LocalDate.now(ZoneOffset.UTC)
                    .plusDays(plusDays == null ? 0 : Long.parseLong(plusDays))
                    .toString();
        }
        return record.getValue(ref);
    }

    private static String text(Object v) {
        if (v == null) return "";
        if (v instanceof Number n)
            return new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        if (v instanceof JsonObject o && o.containsKey("amount")) {
            return text(o.getValue("amount")) + (o.getString("currency") == null ? "" : " " + o.getString("currency"));
        }
        return String.valueOf(v);
    }
}
