package dev.atrium.record;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.metadata.types.Column;
import dev.atrium.metadata.types.FieldType;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.types.InvalidValueException;
import dev.atrium.metadata.types.Link;
import dev.atrium.metadata.types.ReferenceTypes.ManyToManyType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts API bodies to column values and rows back to API JSON, following the entity's metadata.
 * Unknown fields and system fields are rejected, never dropped; all problems of a body are reported
 * together, each with its JSON pointer.
 */
final class RecordCodec {
    private final FieldTypeRegistry types;

    RecordCodec(FieldTypeRegistry types) {
        this.types = types;
    }

    /** Decodes a create ({@code create}) or update body; throws a 422 listing every problem. */
    DecodedRecord decode(EntityDef entity, Map<String, Object> body, boolean create, String pointer, JsonArray errors) {
        Map<String, Object> columns = new LinkedHashMap<>();
        Map<FieldDef, List<Link>> links = new LinkedHashMap<>();
        int before = errors.size();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String key = e.getKey();
            String at = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
            if (SystemFields.NAMES.contains(key)) {
                errors.add(error(at, "\"" + key + "\" is set by the platform and cannot be written"));
                continue;
            }
            FieldDef f = entity.field(key).orElse(null);
            if (f == null) {
                errors.add(error(at, "\"" + key + "\" is not a field of " + entity.name()));
                continue;
            }
            FieldType type = types.require(f.type());
            if (type.computed() || f.readOnly()) {
                errors.add(error(at, f.displayName() + " is read-only"));
                continue;
            }
            Object value = plain(e.getValue());
            if (value == null) {
                if (f.required()) {
                    errors.add(error(at, f.displayName() + " is required"));
                } else if (type.linkTable()) {
                    links.put(f, List.of());
                } else {
                    for (Column c : type.columns(f)) columns.put(c.name(), null);
                }
                continue;
            }
            try {
                if (type instanceof ManyToManyType m2m) {
                    List<Link> l = m2m.links(f, value, types);
                    if (f.required() && l.isEmpty()) throw new InvalidValueException("needs at least one link");
                    links.put(f, l);
                } else {
                    List<Column> cols = type.columns(f);
                    List<Object> vals = type.toColumns(f, value);
                    for (int i = 0; i < cols.size(); i++)
                        columns.put(cols.get(i).name(), vals.get(i));
                }
            } catch (InvalidValueException ex) {
                errors.add(error(at, f.displayName() + " " + ex.getMessage()));
            }
        }
        if (create) {
            for (FieldDef f : entity.fields()) {
                if (body.containsKey(f.name())) continue;
                FieldType type = types.require(f.type());
                if (type.computed()) continue;
                if (f.defaultValue() != null && !type.linkTable()) {
                    try {
                        List<Column> cols = type.columns(f);
                        List<Object> vals = type.toColumns(f, f.defaultValue());
                        for (int i = 0; i < cols.size(); i++)
                            columns.put(cols.get(i).name(), vals.get(i));
                    } catch (InvalidValueException ex) {
                        throw new IllegalStateException("validated default of " + f.name() + " does not convert", ex);
                    }
                } else if (f.required()) {
                    errors.add(error(pointer + "/" + f.name(), f.displayName() + " is required"));
                }
            }
        }
        if (errors.size() > before && pointer.isEmpty()) {
            throw ApiProblem.invalid(
                    errors.getJsonObject(0).getString("message")
                            + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
                    errors);
        }
        return new DecodedRecord(columns, links);
    }

    /** Converts a row (values by column name, already plain Java) to the API's JSON record. */
    JsonObject encode(EntityDef entity, List<FieldDef> fields, Map<String, Object> row) {
        // sized for its keys up front: a wide entity's row would otherwise rehash its map several times
        JsonObject o = new JsonObject(LinkedHashMap.newLinkedHashMap(fields.size() + SystemFields.ALL.size()));
        o.put("id", String.valueOf(row.get(SystemFields.ID)));
        o.put("version", row.get(SystemFields.VERSION));
        for (FieldDef f : fields) {
            FieldType type = types.require(f.type());
            if (type.linkTable()) continue;
            if (type.formula()) {
                Object v = row.get(f.name());
                if (v instanceof java.time.OffsetDateTime t)
                    v = t.withOffsetSameInstant(java.time.ZoneOffset.UTC).toString();
                else if (v instanceof java.time.LocalDate d) v = d.toString();
                o.put(f.name(), v);
                continue;
            }
            List<Column> cols = type.columns(f);
            java.util.ArrayList<Object> vals = new java.util.ArrayList<>(cols.size());
            for (Column c : cols) vals.add(row.get(c.name()));
            o.put(f.name(), json(type.fromColumns(f, vals)));
        }
        o.put("owner_id", str(row.get(SystemFields.OWNER)));
        o.put("created_at", str(row.get(SystemFields.CREATED_AT)));
        o.put("created_by", str(row.get(SystemFields.CREATED_BY)));
        o.put("updated_at", str(row.get(SystemFields.UPDATED_AT)));
        o.put("updated_by", str(row.get(SystemFields.UPDATED_BY)));
        if (row.get(SystemFields.DELETED_AT) != null) o.put("deleted_at", str(row.get(SystemFields.DELETED_AT)));
        return o;
    }

    private static Object json(Object v) {
        if (v instanceof Map<?, ?> m) return new JsonObject(new LinkedHashMap<>(castMap(m)));
        if (v instanceof List<?> l) return new JsonArray(new java.util.ArrayList<>(l));
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static String str(Object v) {
        if (v instanceof java.time.OffsetDateTime t)
            return t.withOffsetSameInstant(java.time.ZoneOffset.UTC).toString();
        return v == null ? null : v.toString();
    }

    /** Vert.x JSON values as plain Java: JsonObject/JsonArray become Map/List. */
    static Object plain(Object v) {
        if (v instanceof JsonObject o) return o.getMap();
        if (v instanceof JsonArray a) return a.getList();
        return v;
    }

    static JsonObject error(String pointer, String message) {
        return new JsonObject().put("pointer", pointer).put("message", message);
    }
}
