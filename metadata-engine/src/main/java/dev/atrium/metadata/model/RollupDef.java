package dev.atrium.metadata.model;

/**
 * A roll-up: an aggregate over the records related to this one.
 *
 * @param function {@code count}, {@code sum}, {@code min}, {@code max} or {@code avg}
 * @param entity the related (child) entity
 * @param via the child's lookup or master-detail field pointing here, or this entity's many-to-many field
 * @param field the child field aggregated (not for count)
 * @param filter optional filter (the filter language) on the child records
 */
public record RollupDef(String function, String entity, String via, String field, String filter) {}
