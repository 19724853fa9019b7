package dev.atrium.plugins;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Vert.x JSON to the plain maps and lists plugins see (the SDK carries no Vert.x types). */
final class PlainJson {
    private PlainJson() {}

    static Map<String, Object> plainMap(JsonObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : o) m.put(e.getKey(), plain(e.getValue()));
        return m;
    }

    static List<Object> plainList(JsonArray a) {
        List<Object> l = new ArrayList<>();
        for (Object v : a) l.add(plain(v));
        return l;
    }

    static Object plain(Object v) {
        if (v instanceof JsonObject o) return plainMap(o);
        if (v instanceof JsonArray a) return plainList(a);
        if (v instanceof Map<?, ?> m) return plainMap(new JsonObject(new LinkedHashMap<>(castMap(m))));
        if (v instanceof List<?> l) return plainList(new JsonArray(new ArrayList<>(l)));
        if (v instanceof java.time.temporal.TemporalAccessor || v instanceof UUID) return v.toString();
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
