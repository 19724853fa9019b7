package dev.atrium.deploy;

import dev.atrium.metadata.diff.Change;
import dev.atrium.metadata.diff.MigrationPlan;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.schema.SchemaMigrator;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/**
 * What a plan would do to the data already stored, looked at before any of it runs (so under the tables'
 * and columns' current names): how many values each type change converts and which would not, and how
 * many records hold each removed picklist value. A deployment asks for confirmation when data would go.
 */
final class PlanImpact {
    final JsonArray conversions = new JsonArray();
    final JsonArray clearedValues = new JsonArray();
    long failing;
    long cleared;

    static PlanImpact of(
            SqlConnection conn,
            SchemaMigrator migrator,
            Tenant tenant,
            MigrationPlan plan,
            MetadataSnapshot live,
            List<EntityDef> wanted) {
        PlanImpact impact = new PlanImpact();
        for (Change c : plan.changes()) {
            if (c instanceof Change.AlterColumnType a) {
                String table = tableBefore(live, wanted, a.table());
                if (!migrator.tableExists(conn, tenant.schema(), table)) continue;
                var before = new Change.AlterColumnType(
                        table,
                        columnBefore(live, wanted, a.table(), a.column()),
                        a.fromType(),
                        a.toType(),
                        a.safe(),
                        a.backupColumn());
                JsonObject preview = migrator.previewConversion(conn, tenant.schema(), before);
                impact.conversions.add(preview);
                impact.failing += preview.getLong("failing");
            }
            if (c instanceof Change.ClearPicklistValue v) {
                String table = tableBefore(live, wanted, v.table());
                if (!migrator.tableExists(conn, tenant.schema(), table)) continue;
                String column = columnBefore(live, wanted, v.table(), v.column());
                long holding = migrator.countHolding(conn, tenant.schema(), table, column, v.value(), v.multi());
                impact.clearedValues.add(new JsonObject()
                        .put("table", v.table())
                        .put("column", v.column())
                        .put("value", v.value())
                        .put("records", holding));
                impact.cleared += holding;
            }
        }
        return impact;
    }

    /** Records that hold a removed picklist value for this change, or 0. */
    long recordsHolding(Change.ClearPicklistValue v) {
        for (int i = 0; i < clearedValues.size(); i++) {
            JsonObject o = clearedValues.getJsonObject(i);
            if (o.getString("table").equals(v.table())
                    && o.getString("column").equals(v.column())
                    && o.getString("value").equals(v.value())) {
                return o.getLong("records");
            }
        }
        return 0;
    }

    private static String tableBefore(MetadataSnapshot live, List<EntityDef> wanted, String newName) {
        for (EntityDef w : wanted) {
            if (w.name().equals(newName)) {
                return live.entityById(w.id()).map(EntityDef::name).orElse(newName);
            }
        }
        return newName;
    }

    /**
     * The column under its current name: a field renamed in the same plan still has its old one. A field's
     * own column matches by name, a companion column (such as {@code amount_currency}) by the longest field
     * name it starts with.
     */
    private static String columnBefore(MetadataSnapshot live, List<EntityDef> wanted, String table, String column) {
        for (EntityDef w : wanted) {
            if (!w.name().equals(table)) continue;
            EntityDef before = live.entityById(w.id()).orElse(null);
            if (before == null) return column;
            FieldDef owner = null;
            for (FieldDef f : w.fields()) {
                boolean own = column.equals(f.name());
                boolean companion = column.startsWith(f.name() + "_");
                if (own) {
                    owner = f;
                    break;
                }
                if (companion
                        && (owner == null || f.name().length() > owner.name().length())) owner = f;
            }
            if (owner == null) return column;
            FieldDef old = before.fieldById(owner.id()).orElse(null);
            return old == null
                    ? column
                    : old.name() + column.substring(owner.name().length());
        }
        return column;
    }
}
