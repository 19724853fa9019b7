package dev.atrium.metadata.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one record into records of other entities in one transaction: a lead into an account, a contact and
 * an opportunity; a quote into an order with its lines. Values are filled from the source record
 * ({@code {{field}}}, {@code {{id}}}, {@code {{today+N}}}) and from earlier targets ({@code {{as}}} is the
 * id of the target named {@code as}).
 *
 * @param when filter the source must meet (null: any record)
 * @param moveRelated the {@code as} of the target that takes over records pointing at the source through
 *     polymorphic lookups (its activities and tasks); null: they stay
 * @param then values set on the source after conversion
 */
public record ConversionDef(
        String name,
        Map<String, String> label,
        String when,
        List<Target> creates,
        List<Lines> lines,
        String moveRelated,
        Map<String, Object> then) {

    public ConversionDef {
        label = label == null ? Map.of() : Map.copyOf(label);
        creates = creates == null ? List.of() : List.copyOf(creates);
        lines = lines == null ? List.of() : List.copyOf(lines);
        then = plain(then);
    }

    /**
     * One record the conversion creates.
     *
     * @param optional the user may skip it
     * @param existing the user may pick an existing record of the entity instead
     */
    public record Target(String as, String entity, Map<String, Object> values, boolean optional, boolean existing) {
        public Target {
            values = plain(values);
        }
    }

    /** Copies every child of the source in entity {@code from} as a child of target {@code parent} in {@code into}. */
    public record Lines(String from, String into, String parent, Map<String, Object> values) {
        public Lines {
            values = plain(values);
        }
    }

    public Target target(String as) {
        for (Target t : creates) if (t.as().equals(as)) return t;
        return null;
    }

    private static Map<String, Object> plain(Map<String, Object> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
