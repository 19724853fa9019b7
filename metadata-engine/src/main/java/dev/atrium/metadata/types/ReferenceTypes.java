package dev.atrium.metadata.types;

import static dev.atrium.metadata.types.Schemas.of;

import dev.atrium.metadata.model.FieldDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** lookup, master_detail, polymorphic_lookup, many_to_many. */
public final class ReferenceTypes {
    private ReferenceTypes() {}

    static List<FieldType> all() {
        return List.of(reference("lookup"), reference("master_detail"), new PolymorphicType(), new ManyToManyType());
    }

    private static FieldType reference(String name) {
        return new ScalarFieldType(name, ColumnKind.UUID, List.of("target", "indexed")) {
            protected String sqlType(FieldDef f) {
                return "uuid";
            }

            protected Map<String, Object> valueSchema(FieldDef f) {
                return of("type", "string", "format", "uuid");
            }

            protected Object toColumn(FieldDef f, Object v) throws InvalidValueException {
                return Values.uuid(v);
            }

            protected Object fromColumn(FieldDef f, Object c) {
                return c.toString();
            }
        };
    }

    /** A reference to a record of one of several entities: {@code {"entity": "account", "id": "..."}}. */
    static final class PolymorphicType implements FieldType {
        @Override
        public String name() {
            return "polymorphic_lookup";
        }

        @Override
        public List<String> attributes() {
            return List.of("targets", "indexed");
        }

        @Override
        public List<Column> columns(FieldDef f) {
            return List.of(
                    new Column(f.name(), "uuid", ColumnKind.UUID),
                    new Column(f.name() + "__entity", "varchar(63)", ColumnKind.TEXT));
        }

        @Override
        public Map<String, Object> jsonSchema(FieldDef f) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("entity", of("type", "string", "enum", f.targets()));
            props.put("id", of("type", "string", "format", "uuid"));
            return of(
                    "type",
                    "object",
                    "properties",
                    props,
                    "required",
                    List.of("entity", "id"),
                    "additionalProperties",
                    false);
        }

        @Override
        public List<Object> toColumns(FieldDef f, Object json) throws InvalidValueException {
            if (!(json instanceof Map<?, ?> m) || !(m.get("entity") instanceof String entity)) {
                throw new InvalidValueException("must be {\"entity\": one of " + f.targets() + ", \"id\": record id}");
            }
            if (!f.targets().contains(entity)) {
                throw new InvalidValueException(
                        "can point to " + f.targets() + " only, not \"" + Values.abbreviate(entity) + "\"");
            }
            if (m.size() > 2) throw new InvalidValueException("allows only \"entity\" and \"id\"");
            return new ArrayList<>(Arrays.asList(Values.uuid(m.get("id")), entity));
        }

        @Override
        public Object fromColumns(FieldDef f, List<Object> values) {
            if (values.get(0) == null) return null;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("entity", values.get(1));
            m.put("id", values.get(0).toString());
            return m;
        }
    }

    /**
     * Links to any number of records of the target entity, kept in a junction table (see
     * {@link #junctionTable}); the link may carry attributes of its own ({@code linkFields}).
     * API value: a list of ids, or of objects {@code {"id": ..., "<link field>": ...}}.
     */
    public static final class ManyToManyType implements FieldType {
        @Override
        public String name() {
            return "many_to_many";
        }

        @Override
        public List<String> attributes() {
            return List.of("target", "linkFields");
        }

        @Override
        public boolean linkTable() {
            return true;
        }

        @Override
        public List<Column> columns(FieldDef f) {
            return List.of();
        }

        @Override
        public Map<String, Object> jsonSchema(FieldDef f) {
            return of(
                    "type",
                    "array",
                    "items",
                    of(
                            "oneOf",
                            List.of(
                                    of("type", "string", "format", "uuid"),
                                    of(
                                            "type",
                                            "object",
                                            "properties",
                                            of("id", of("type", "string", "format", "uuid")),
                                            "required",
                                            List.of("id")))));
        }

        @Override
        public List<Object> toColumns(FieldDef f, Object json) {
            return List.of();
        }

        @Override
        public Object fromColumns(FieldDef f, List<Object> values) {
            return null;
        }

        /** Parses the API value into links; {@code types} converts link attributes. */
        public List<Link> links(FieldDef f, Object json, FieldTypeRegistry types) throws InvalidValueException {
            if (!(json instanceof List<?> list)) throw new InvalidValueException("must be a list of record ids");
            List<Link> out = new ArrayList<>();
            Set<UUID> seen = new LinkedHashSet<>();
            for (Object item : list) {
                UUID id;
                Map<String, Object> attrs = new LinkedHashMap<>();
                if (item instanceof Map<?, ?> m) {
                    id = Values.uuid(m.get("id"));
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        if ("id".equals(e.getKey())) continue;
                        FieldDef lf = f.linkFields().stream()
                                .filter(x -> x.name().equals(e.getKey()))
                                .findFirst()
                                .orElseThrow(() -> new InvalidValueException(
                                        "has an unknown link attribute \"" + e.getKey() + "\""));
                        if (e.getValue() == null) continue;
                        FieldType t = types.require(lf.type());
                        List<Column> cols = t.columns(lf);
                        List<Object> vals = t.toColumns(lf, e.getValue());
                        for (int i = 0; i < cols.size(); i++)
                            attrs.put(cols.get(i).name(), vals.get(i));
                    }
                } else {
                    id = Values.uuid(item);
                }
                if (!seen.add(id)) throw new InvalidValueException("links " + id + " twice");
                out.add(new Link(id, attrs));
            }
            return out;
        }

        /** Junction table name: by field id, so renames of either side never touch it. */
        public static String junctionTable(FieldDef f) {
            return "m2m_" + f.id();
        }
    }
}
