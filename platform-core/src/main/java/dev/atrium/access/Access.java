package dev.atrium.access;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.query.FieldVisibility;
import dev.atrium.metadata.query.QueryCompiler.Scope;
import dev.atrium.metadata.query.RowScope;

/**
 * What one caller may do, as the record layer asks it: object operations, field grants, and the
 * record-level condition compiled into every query's SQL (never a filter in Java afterwards).
 */
public interface Access {
    /** Everything, for the platform's own work (demo data, templates) and administrators. */
    Access FULL = new Access() {
        public boolean can(EntityDef e, String operation) {
            return true;
        }

        public FieldVisibility fields() {
            return FieldVisibility.ALL;
        }

        public boolean canEdit(EntityDef e, FieldDef f) {
            return true;
        }

        public Scope scope(EntityDef e, String schema, String alias, boolean edit) {
            return null;
        }

        public RowScope rows(String schema) {
            return RowScope.ALL;
        }
    };

    /** Whether the caller may perform an object operation (create, read, edit, delete, export...). */
    boolean can(EntityDef entity, String operation);

    /** Fields the caller may read; the others are treated as if they did not exist. */
    FieldVisibility fields();

    boolean canEdit(EntityDef entity, FieldDef field);

    /**
     * The SQL condition (on table alias {@code alias}) selecting the records the caller may read, or
     * edit when {@code edit}; null when every record qualifies.
     */
    Scope scope(EntityDef entity, String schema, String alias, boolean edit);

    /**
     * The rows of any entity the caller may read, for the rows a query reads besides its own entity's:
     * lookup joins in filters and sorts, lookup paths and roll-ups in formulas. An entity the caller may
     * not read at all has no readable rows.
     */
    RowScope rows(String schema);

    /** The company (account id) of a portal user, whose records are all they may see; null for everyone else. */
    default java.util.UUID portalAccount() {
        return null;
    }
}
