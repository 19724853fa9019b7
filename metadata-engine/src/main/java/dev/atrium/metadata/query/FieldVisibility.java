package dev.atrium.metadata.query;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;

/**
 * Which fields a caller may read. A field it may not read is treated exactly like a field that does not
 * exist, in filters, sorts and projections alike, so errors reveal nothing.
 */
@FunctionalInterface
public interface FieldVisibility {
    FieldVisibility ALL = (e, f) -> true;

    boolean visible(EntityDef entity, FieldDef field);

    /**
     * The rule for computed fields: a formula or roll-up is visible only to a reader who may read every
     * field it reads ({@link dev.atrium.metadata.query.ComputedInputs}), so its value never reveals a
     * field the reader cannot see. Which rows it reads follows {@link RowScope}.
     */
    static FieldVisibility withComputedInputs(
            FieldVisibility base, java.util.function.Function<String, EntityDef> entities) {
        return (entity, field) -> {
            if (!base.visible(entity, field)) return false;
            for (var in : dev.atrium.metadata.query.ComputedInputs.of(entity, field, entities)) {
                EntityDef e = entities.apply(in.entity());
                FieldDef f = e == null ? null : e.field(in.field()).orElse(null);
                if (f == null || !base.visible(e, f)) return false;
            }
            return true;
        };
    }
}
