package dev.atrium.metadata.query;

import dev.atrium.metadata.model.EntityDef;
import java.util.List;

/**
 * Which rows of an entity the reader may see, as a SQL condition on a table alias. A query applies it to
 * every row it reads on the reader's behalf besides its own entity's: lookup joins in filters and sorts,
 * lookup paths and roll-ups inside formulas. A row outside it is treated as absent (an empty lookup, a
 * row not counted), so a filter, a sort or a computed value reveals nothing the reader could not read.
 */
@FunctionalInterface
public interface RowScope {
    /** Every row: the platform's own work and administrators. */
    RowScope ALL = (entity, alias, params) -> null;

    /**
     * The condition on {@code alias} selecting the rows of {@code entity} the reader may read, with its
     * values appended to {@code params} and referred to as {@code $n}; null when every row qualifies.
     */
    String condition(EntityDef entity, String alias, List<Object> params);
}
