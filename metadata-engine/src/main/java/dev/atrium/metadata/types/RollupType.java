package dev.atrium.metadata.types;

import dev.atrium.metadata.model.FieldDef;

import java.util.List;
import java.util.Map;

import static dev.atrium.metadata.types.Schemas.of;

/**
 * A read-only aggregate (count, sum, min, max, avg, with an optional filter) over related records —
 * through a lookup or master-detail of the related entity, or a many-to-many field — computed by the
 * database in every query, so it is never stale and filters and sorts like a column.
 */
final class RollupType implements FieldType {
    @Override
    public String name() {
        return "rollup";
    }

    @Override
    public List<String> attributes() {
        return List.of("rollup", "returns");
    }

    @Override
    public boolean computed() {
        return true;
    }

    @Override
    public boolean formula() {
        return true;
    }

    @Override
    public List<Column> columns(FieldDef field) {
        return List.of();
    }

    @Override
    public Map<String, Object> jsonSchema(FieldDef f) {
        return "date".equals(f.returns()) || "datetime".equals(f.returns())
                ? of("type", "string", "format", "date".equals(f.returns()) ? "date" : "date-time", "readOnly", true)
                : of("type", "number", "readOnly", true);
    }

    @Override
    public List<Object> toColumns(FieldDef field, Object json) throws InvalidValueException {
        throw new InvalidValueException("is a roll-up of related records and cannot be written");
    }

    @Override
    public Object fromColumns(FieldDef field, List<Object> columnValues) {
        return null;
    }
}
