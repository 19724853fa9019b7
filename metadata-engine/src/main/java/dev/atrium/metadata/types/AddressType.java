package dev.atrium.metadata.types;

import static dev.atrium.metadata.types.Schemas.of;

import dev.atrium.metadata.model.FieldDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A postal address: street, city, region, postal code and country, kept in columns of their own, plus the
 * whole address on one line in the field's own column ({@code "Calle Mayor 1, 28013 Madrid, Spain"}).
 * That line is what lists show, filters ({@code billing_address like '%Madrid%'}), sorting and global
 * search use, so an address is shown and searched as one. API value:
 * {@code {"street", "city", "region", "postal_code", "country"}} (each optional), returned with {@code text}.
 */
final class AddressType implements FieldType {
    static final List<String> PARTS = List.of("street", "city", "region", "postal_code", "country");
    private static final Map<String, Integer> MAX =
            Map.of("street", 300, "city", 120, "region", 120, "postal_code", 20, "country", 120);

    @Override
    public String name() {
        return "address";
    }

    @Override
    public List<String> attributes() {
        return List.of("indexed", "searchable");
    }

    @Override
    public boolean textual() {
        return true;
    }

    @Override
    public List<Column> columns(FieldDef f) {
        List<Column> out = new ArrayList<>(List.of(new Column(f.name(), "varchar(800)", ColumnKind.TEXT)));
        for (String p : PARTS) out.add(new Column(f.name() + "__" + p, "varchar(" + MAX.get(p) + ")", ColumnKind.TEXT));
        return out;
    }

    @Override
    public Map<String, Object> jsonSchema(FieldDef f) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String p : PARTS) props.put(p, of("type", "string", "maxLength", MAX.get(p)));
        props.put("text", of("type", "string", "readOnly", true));
        return of("type", "object", "properties", props, "additionalProperties", false);
    }

    @Override
    public List<Object> toColumns(FieldDef f, Object json) throws InvalidValueException {
        if (!(json instanceof Map<?, ?> m)) {
            throw new InvalidValueException(
                    "must be an address: {\"street\", \"city\", \"region\", \"postal_code\", " + "\"country\"}");
        }
        List<Object> parts = new ArrayList<>();
        for (Object key : m.keySet()) {
            if (!PARTS.contains(String.valueOf(key)) && !"text".equals(key)) {
                throw new InvalidValueException("has no part \"" + Values.abbreviate(String.valueOf(key)) + "\"; use "
                        + String.join(", ", PARTS));
            }
        }
        for (String p : PARTS) {
            Object v = m.get(p);
            if (v != null && !(v instanceof String)) throw new InvalidValueException(p + " must be text");
            String s = v == null ? null : ((String) v).strip();
            if (s != null && s.length() > MAX.get(p)) {
                throw new InvalidValueException(p + " is longer than " + MAX.get(p) + " characters");
            }
            parts.add(s == null || s.isEmpty() ? null : s);
        }
        List<Object> out = new ArrayList<>();
        out.add(line(parts));
        out.addAll(parts);
        return out;
    }

    @Override
    public Object fromColumns(FieldDef f, List<Object> values) {
        if (values.get(0) == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < PARTS.size(); i++) {
            if (values.get(i + 1) != null) m.put(PARTS.get(i), values.get(i + 1));
        }
        m.put("text", values.get(0));
        return m;
    }

    /** "street, postal_code city, region, country" without the parts that are empty; null when all are. */
    static String line(List<Object> parts) {
        String street = (String) parts.get(0);
        String city = (String) parts.get(1);
        String region = (String) parts.get(2);
        String postal = (String) parts.get(3);
        String country = (String) parts.get(4);
        List<String> out = new ArrayList<>();
        if (street != null) out.add(street);
        String town = String.join(
                " ",
                java.util.stream.Stream.of(postal, city)
                        .filter(java.util.Objects::nonNull)
                        .toList());
        if (!town.isEmpty()) out.add(town);
        if (region != null) out.add(region);
        if (country != null) out.add(country);
        return out.isEmpty() ? null : String.join(", ", out);
    }
}
