package dev.atrium.record;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.sql.Sql;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Master-detail children follow their master into the recycle bin and back. Children deleted together
 * with the master carry the master's {@code deleted_at}, so a restore brings back exactly those and not
 * children someone deleted on their own earlier. Metadata forbids master-detail cycles, so this ends.
 */
final class Cascade {
    private Cascade() {}

    static void softDeleteChildren(
            SqlClient conn, RecordContext ctx, EntityDef master, List<UUID> ids, OffsetDateTime at) {
        for (EntityDef child : ctx.snapshot().entities()) {
            for (FieldDef f : child.fields()) {
                if (!f.type().equals("master_detail") || !f.target().equals(master.name())) continue;
                List<UUID> childIds = ids(conn.preparedQuery("UPDATE "
                                + Sql.table(ctx.tenant().schema(), child.name())
                                + " SET \"deleted_at\" = $2, \"version\" = \"version\" + 1 WHERE " + Sql.ident(f.name())
                                + " = ANY($1) AND \"deleted_at\" IS NULL RETURNING \"id\"")
                        .execute(Tuple.of(ids.toArray(new UUID[0]), at))
                        .await());
                if (!childIds.isEmpty()) softDeleteChildren(conn, ctx, child, childIds, at);
            }
        }
    }

    static void restoreChildren(
            SqlClient conn, RecordContext ctx, EntityDef master, List<UUID> ids, OffsetDateTime at) {
        for (EntityDef child : ctx.snapshot().entities()) {
            for (FieldDef f : child.fields()) {
                if (!f.type().equals("master_detail") || !f.target().equals(master.name())) continue;
                List<UUID> childIds = ids(
                        conn.preparedQuery("UPDATE " + Sql.table(ctx.tenant().schema(), child.name())
                                        + " SET \"deleted_at\" = NULL, \"version\" = \"version\" + 1 WHERE "
                                        + Sql.ident(f.name()) + " = ANY($1) AND \"deleted_at\" = $2 RETURNING \"id\"")
                                .execute(Tuple.of(ids.toArray(new UUID[0]), at))
                                .await());
                if (!childIds.isEmpty()) restoreChildren(conn, ctx, child, childIds, at);
            }
        }
    }

    private static List<UUID> ids(Iterable<Row> rows) {
        List<UUID> out = new ArrayList<>();
        for (Row r : rows) out.add(r.getUUID("id"));
        return out;
    }
}
