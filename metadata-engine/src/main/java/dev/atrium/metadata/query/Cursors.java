package dev.atrium.metadata.query;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.query.CompiledQuery.SortKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Opaque keyset cursors: base64url of a JSON array {@code [signature, v1..vn, id]}. The signature ties a
 * cursor to its sort, so a cursor used with another sort is refused instead of skipping rows.
 */
final class Cursors {
    private Cursors() {}

    static String encode(String signature, List<Object> sortValues, Object id) {
        List<Object> arr = new ArrayList<>();
        arr.add(signature);
        for (Object v : sortValues) arr.add(v == null ? null : v.toString());
        arr.add(id.toString());
        String json = MetadataReader.JSON.writeValueAsString(arr);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static List<Object> decode(String cursor, String signature, List<SortKey> keys) {
        try {
            JsonNode arr =
                    MetadataReader.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (!arr.isArray() || arr.size() != keys.size() + 2) throw new IllegalArgumentException();
            if (!signature.equals(arr.get(0).asString())) {
                throw new FilterException(
                        "cursor", -1, "this cursor belongs to a different sort; start again without a cursor");
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                JsonNode v = arr.get(i + 1);
                out.add(v.isNull() ? null : value(keys.get(i), v.asString()));
            }
            out.add(UUID.fromString(arr.get(keys.size() + 1).asString()));
            return out;
        } catch (FilterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FilterException(
                    "cursor", -1, "the cursor is not valid; use the nextCursor value of the previous page unchanged");
        }
    }

    private static Object value(SortKey key, String s) {
        return switch (key.kind()) {
            case TEXT -> s;
            case LONG -> Long.parseLong(s);
            case DECIMAL -> new BigDecimal(s);
            case BOOLEAN -> Boolean.parseBoolean(s);
            case DATE -> LocalDate.parse(s);
            case DATETIME -> OffsetDateTime.parse(s);
            case TIME -> LocalTime.parse(s);
            case UUID -> UUID.fromString(s);
            case TEXT_ARRAY, JSON -> throw new IllegalArgumentException();
        };
    }
}
