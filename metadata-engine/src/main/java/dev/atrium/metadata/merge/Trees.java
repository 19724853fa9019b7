package dev.atrium.metadata.merge;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Metadata documents as plain JSON trees (maps, lists, strings, numbers, booleans), and the one rule
 * that says which list is a keyed collection: fields by id, picklist values by id, workflows by name...
 * Both the three-way merge and the change list walk documents this way, so a property has the same
 * path in both: {@code /fields[fld_1a2b]/label/es}.
 */
public final class Trees {
    /** A property that is not there (distinct from an explicit null). */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "(absent)";
        }
    };

    private static final Map<String, List<String>> KEYS = Map.ofEntries(
            Map.entry("/conversions", List.of("name")),
            Map.entry("/conversions/*/creates", List.of("as")),
            Map.entry("/duplicates", List.of("name")),
            Map.entry("/fields", List.of("id", "name")),
            Map.entry("/fields/*/values", List.of("id", "value")),
            Map.entry("/fields/*/linkFields", List.of("id", "name")),
            Map.entry("/rules", List.of("id", "name")),
            Map.entry("/workflows", List.of("id", "name")),
            Map.entry("/stateMachines", List.of("field")),
            Map.entry("/approvals", List.of("name")),
            Map.entry("/ui/layout/sections", List.of("id", "name")),
            Map.entry("/ui/views", List.of("name")));

    private Trees() {}

    /** Equal as JSON: numbers by value ({@code 100} is {@code 100.0}), objects regardless of key order. */
    public static boolean same(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null || a == ABSENT || b == ABSENT) return false;
        if (a instanceof Number x && b instanceof Number y) return decimal(x).compareTo(decimal(y)) == 0;
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (var e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) return false;
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
            return true;
        }
        return Objects.equals(a, b);
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
    }

    /** The value at {@code key} of a map, or {@link #ABSENT}. */
    static Object get(Object map, String key) {
        if (!(map instanceof Map<?, ?> m) || !m.containsKey(key)) return ABSENT;
        return m.get(key);
    }

    /** {@code /fields[fld_1]/values[pv_2]} becomes {@code /fields/* /values} (without the space). */
    static String shape(String path) {
        return path.replaceAll("\\[[^\\]]*\\]", "/*");
    }

    /**
     * The elements of a keyed collection by key, in order; null when {@code list} at {@code path} is not
     * one (the path has no key rule, an element is not an object, or keys are missing or repeated).
     */
    static Map<String, Object> keyed(String path, Object list) {
        if (list == ABSENT || list == null) return new LinkedHashMap<>();
        if (!(list instanceof List<?> l)) return null;
        List<String> names = KEYS.get(shape(path));
        if (names == null) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object item : l) {
            String key = keyOf(names, item);
            if (key == null || out.containsKey(key)) return null;
            out.put(key, item);
        }
        return out;
    }

    /** Whether the path holds a keyed collection. */
    static boolean isKeyed(String path) {
        return KEYS.containsKey(shape(path));
    }

    private static String keyOf(List<String> names, Object item) {
        if (!(item instanceof Map<?, ?> m)) return null;
        for (String n : names) {
            Object v = m.get(n);
            if (v instanceof String s && !s.isEmpty()) return s;
        }
        if (m.get("label") instanceof Map<?, ?> label && label.get("en") instanceof String en) return "label:" + en;
        return null;
    }

    /** Whether every element of every list given is a string, number or boolean (a list merged as a set). */
    static boolean scalars(Object... lists) {
        for (Object l : lists) {
            if (l == ABSENT || l == null) continue;
            if (!(l instanceof List<?> list)) return false;
            for (Object x : list) {
                if (x instanceof Map || x instanceof List) return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object l) {
        return l instanceof List<?> x ? (List<Object>) x : new ArrayList<>();
    }
}
