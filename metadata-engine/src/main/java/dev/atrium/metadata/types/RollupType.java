package dev.atrium.metadata.types;

import static dev.atrium.metadata.types.Schemas.of;

import dev.atrium.metadata.model.FieldDef;
import java.util.List;
import java.util.Map;

/**
 * A read-only aggregate (count, sum, min, max, avg, with an optional filter) over related records —
 * through a lookup or master-detail of the related entity, or a many-to-many field — computed by the
 * database in every query, so it is never stale and filters and sorts like a column.
 */
final class RollupType extends ComputedType {
    RollupType() {
        super("rollup", List.of("rollup", "returns"), "is a roll-up of related records and cannot be written");
    }

    @Override
    public Map<String, Object> jsonSchema(FieldDef f) {
        return "date".equals(f.returns()) || "datetime".equals(f.returns())
                ? of("type", "string", "format", "date".equals(f.returns()) ? "date" : "date-time", "readOnly", true)
                : of("type", "number", "readOnly", true);
    }
}
