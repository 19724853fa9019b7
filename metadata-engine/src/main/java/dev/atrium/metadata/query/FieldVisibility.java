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
}
