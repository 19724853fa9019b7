package dev.atrium.record;

import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.sql.Sql;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The recycle bin: a delete sets {@code deleted_at} on the record and its master-detail children in one
 * transaction, a restore brings back exactly the children deleted with it, a purge deletes for good.
 * Needs the delete permission and row access. Methods await: call them from a virtual thread.
 */
public final class RecycleBin {
    private final RecordService records;
    private final RecordReader reader;

    RecycleBin(RecordService records, RecordReader reader) {
        this.records = records;
        this.reader = reader;
    }

    /** Moves the record and its master-detail children to the recycle bin. */
    public void delete(RecordContext ctx, String entityName, UUID id, Long expectedVersion) {
        EntityDef e = records.entity(ctx, entityName);
        RecordAccess.require(ctx, e, "delete");
        Tx.run(records.pool(), conn -> {
            RecordAccess.lockedByApproval(conn, ctx, e, id);
            RecordRows.auditContext(conn, ctx);
            OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            List<Object> params =
                    new ArrayList<>(List.of(id, at, ctx.principal().userId()));
            String where = "t.\"id\" = $1 AND t.\"deleted_at\" IS NULL";
            if (expectedVersion != null) {
                params.add(expectedVersion.intValue());
                where += " AND t.\"version\" = $4";
            }
            where += RecordAccess.scopeSql(ctx, e, "t", true, params);
            RowSet<Row> rows = conn.preparedQuery(
                            "UPDATE " + Sql.table(ctx.tenant().schema(), e.name())
                                    + " t SET \"deleted_at\" = $2, \"updated_by\" = $3, \"version\" = "
                                    + "t.\"version\" + 1 WHERE "
                                    + where + " RETURNING t.\"id\"")
                    .execute(Tuple.wrap(params))
                    .await();
            if (rows.rowCount() == 0) throw reader.missingOrStale(conn, ctx, e, id, expectedVersion);
            Cascade.softDeleteChildren(conn, ctx, e, List.of(id), at);
            return null;
        });
    }

    public JsonObject restore(RecordContext ctx, String entityName, UUID id) {
        EntityDef e = records.entity(ctx, entityName);
        RecordAccess.require(ctx, e, "delete");
        return Tx.run(records.pool(), conn -> {
            RecordRows.auditContext(conn, ctx);
            List<Object> params = new ArrayList<>(List.of(id));
            RowSet<Row> rows = conn.preparedQuery("SELECT t.\"deleted_at\" FROM "
                            + Sql.table(ctx.tenant().schema(), e.name())
                            + " t WHERE t.\"id\" = $1 AND t.\"deleted_at\" IS NOT NULL"
                            + RecordAccess.scopeSql(ctx, e, "t", true, params) + " FOR UPDATE")
                    .execute(Tuple.wrap(params))
                    .await();
            if (rows.size() == 0) throw ApiProblem.notFound(e.displayName() + " " + id + " is not in the recycle bin");
            OffsetDateTime at = rows.iterator().next().getOffsetDateTime("deleted_at");
            List<Object> back = new ArrayList<>(List.of(id, ctx.principal().userId()));
            String sql = "UPDATE " + Sql.table(ctx.tenant().schema(), e.name())
                    + " t SET \"deleted_at\" = NULL, \"version\" = t.\"version\" + 1, \"updated_by\" = $2"
                    + " WHERE t.\"id\" = $1 RETURNING " + reader.columns(ctx, e, back);
            Map<String, Object> row = RecordRows.single(
                    conn.preparedQuery(sql).execute(Tuple.wrap(back)).await());
            Cascade.restoreChildren(conn, ctx, e, List.of(id), at);
            return reader.read(conn, ctx, e, row);
        });
    }

    /** Deletes a record from the recycle bin for good; children go with it (foreign keys cascade). */
    public void purge(RecordContext ctx, String entityName, UUID id) {
        EntityDef e = records.entity(ctx, entityName);
        RecordAccess.require(ctx, e, "delete");
        List<Object> params = new ArrayList<>(List.of(id, ctx.auditJson()));
        RowSet<Row> rows = records.pool()
                .preparedQuery("DELETE FROM "
                        + Sql.table(ctx.tenant().schema(), e.name()) + " t USING " + RecordRows.auditContext(2)
                        + " WHERE t.\"id\" = $1 AND t.\"deleted_at\" IS NOT NULL"
                        + RecordAccess.scopeSql(ctx, e, "t", true, params))
                .execute(Tuple.wrap(params))
                .await();
        if (rows.rowCount() == 0)
            throw ApiProblem.notFound(e.displayName() + " " + id + " is not in the recycle bin; delete it first");
    }
}
