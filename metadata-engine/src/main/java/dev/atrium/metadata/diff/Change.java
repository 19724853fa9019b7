package dev.atrium.metadata.diff;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.types.Column;
import java.util.List;

/**
 * One step of a migration plan. Pure data: {@code DdlWriter} turns it into SQL
 * and exactly one class of the platform runs that SQL. Table and column names come from validated
 * metadata only.
 */
public sealed interface Change {

    /** A sentence for people: what this step does. */
    String describe();

    /** Whether the step can lose data, so applying it needs an explicit confirmation. */
    default boolean dataLoss() {
        return false;
    }

    /** How a reference constraint behaves when the referenced row is deleted. */
    enum OnDelete {
        SET_NULL,
        CASCADE
    }

    /** Kinds of index a field can ask for. */
    enum IndexKind {
        BTREE,
        UNIQUE,
        TRIGRAM,
        /** {@code (created_at DESC, id)} over live records: the default list order, newest first. */
        RECENT
    }

    record CreateTable(EntityDef entity, List<Column> columns) implements Change {
        public String describe() {
            return "Create table " + entity.name() + " with " + columns.size() + " field column(s)";
        }
    }

    record RenameTable(String from, String to) implements Change {
        public String describe() {
            return "Rename table " + from + " to " + to + " (data kept)";
        }
    }

    /** Entities are never dropped outright: the table is renamed aside and can be restored until purged. */
    record SetAsideTable(String table, String asideName) implements Change {
        public String describe() {
            return "Remove entity " + table + " (its table is kept as " + asideName + " until purged)";
        }

        public boolean dataLoss() {
            return true;
        }
    }

    record AddColumn(String table, Column column) implements Change {
        public String describe() {
            return "Add column " + table + "." + column.name() + " " + column.sqlType();
        }
    }

    record RenameColumn(String table, String from, String to) implements Change {
        public String describe() {
            return "Rename column " + table + "." + from + " to " + to + " (data kept)";
        }
    }

    /** Fields are never dropped outright: the column is renamed aside, restorable until purged. */
    record SetAsideColumn(String table, String column, String asideName) implements Change {
        public String describe() {
            return "Remove field " + table + "." + column + " (its data is kept in " + asideName + " until purged)";
        }

        public boolean dataLoss() {
            return true;
        }
    }

    /** A field that was set aside comes back with its data (same field id). */
    record RestoreColumn(String table, String asideName, String column) implements Change {
        public String describe() {
            return "Restore field " + table + "." + column + " with its earlier data";
        }
    }

    /**
     * A column changes type. {@code safe} conversions (widening) always keep every value; others keep
     * a backup column and turn values that do not convert into null, so they need a preview and a
     * confirmation.
     */
    record AlterColumnType(
            String table, String column, String fromType, String toType, boolean safe, String backupColumn)
            implements Change {
        public String describe() {
            return "Change " + table + "." + column + " from " + fromType + " to " + toType
                    + (safe
                            ? " (every value converts)"
                            : " (values that do not convert become empty; a backup is kept in " + backupColumn + ")");
        }

        public boolean dataLoss() {
            return !safe;
        }
    }

    record CreateIndex(String table, String name, String column, IndexKind kind) implements Change {
        public String describe() {
            return "Create " + kind.name().toLowerCase() + " index " + name + " on " + table + "." + column;
        }
    }

    record DropIndex(String name) implements Change {
        public String describe() {
            return "Drop index " + name;
        }
    }

    record AddForeignKey(String table, String column, String name, String targetTable, OnDelete onDelete)
            implements Change {
        public String describe() {
            return "Link " + table + "." + column + " to " + targetTable
                    + (onDelete == OnDelete.CASCADE ? " (deleting the master deletes its details)" : "");
        }
    }

    record DropForeignKey(String table, String name) implements Change {
        public String describe() {
            return "Drop link constraint " + name + " on " + table;
        }
    }

    /** An autonumber column: a sequence and a default that formats its next value. */
    record CreateAutonumber(String table, String column, String sequence, String prefix, int digits) implements Change {
        public String describe() {
            return "Number " + table + "." + column + " automatically as " + prefix
                    + "0".repeat(Math.max(digits - 1, 0)) + "1";
        }
    }

    record CreateJunction(String name, String sourceTable, String targetTable, List<Column> attributes)
            implements Change {
        public String describe() {
            return "Create link table " + name + " between " + sourceTable + " and " + targetTable;
        }
    }

    /** A picklist value's API value changed (same value id): stored data follows. */
    record RenamePicklistValue(String table, String column, String from, String to, boolean multi) implements Change {
        public String describe() {
            return "Rename stored value \"" + from + "\" to \"" + to + "\" in " + table + "." + column;
        }
    }

    /**
     * A picklist value was removed: records that hold it have it cleared (a multi-picklist loses just that
     * value), so no record keeps a value nothing can filter or pick. Loses data only when records hold it,
     * which the plan cannot know: the deployment counts them and asks for confirmation then.
     */
    record ClearPicklistValue(String table, String column, String value, boolean multi) implements Change {
        public String describe() {
            return "Remove the value \"" + value + "\" of " + table + "." + column + ": records holding it are cleared";
        }
    }
}
