package dev.atrium.record;

import dev.atrium.audit.AuditLog;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.ReferenceTypes.ManyToManyType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Merges duplicates into one surviving record, in one transaction: every record that points at a duplicate
 * (lookups, master-detail children, polymorphic lookups such as activities, many-to-many links) is
 * re-pointed at the survivor, the duplicates go to the recycle bin, and the survivor takes the values the
 * caller chose. Each re-pointed record's change is in its own audit trail, and a {@code merge} event on
 * the survivor names the duplicates. Needs edit and delete on the entity and row access to every record.
 */
public final class RecordMerge {
    static final int MAX = 10;

    private final RecordService records;

    public RecordMerge(RecordService records) {
        this.records = records;
    }

    /** Merges {@code duplicates} into {@code survivor}; {@code values} are set on the survivor afterwards. */
    public JsonObject merge(
            RecordContext ctx, String entityName, UUID survivor, List<UUID> duplicates, JsonObject values) {
        EntityDef e = records.entity(ctx, entityName);
        RecordAccess.require(ctx, e, "edit");
        RecordAccess.require(ctx, e, "delete");
        Set<UUID> others = new LinkedHashSet<>(duplicates);
        if (others.isEmpty()) throw ApiProblem.invalidField("/duplicates", "name at least one record to merge");
        if (others.size() > MAX) throw ApiProblem.invalidField("/duplicates", "merge up to " + MAX + " at once");
        if (others.contains(survivor)) {
            throw ApiProblem.invalidField("/duplicates", "the surviving record cannot also be a duplicate");
        }
        RecordAccess.checkWritable(ctx, e, values.getMap(), "/values");
        return Tx.run(records.pool(), conn -> {
            List<UUID> all = new ArrayList<>(List.of(survivor));
            all.addAll(others);
            for (UUID id : all) {
                RecordAccess.lockedByApproval(conn, ctx, e, id);
                if (records.reader().visible(conn, ctx, e, id, true, false).size() == 0) {
                    throw RecordAccess.notFound(e, id);
                }
            }
            RecordRows.auditContext(conn, ctx);
            UUID[] from = others.toArray(new UUID[0]);
            JsonObject moved = new JsonObject();
            for (EntityDef other : ctx.snapshot().entities()) {
                for (FieldDef f : other.fields()) {
                    int n = repoint(conn, ctx, other, f, e.name(), survivor, from);
                    if (n > 0) moved.put(other.name() + "." + f.name(), n);
                }
            }
            OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            conn.preparedQuery("UPDATE " + Sql.table(ctx.tenant().schema(), e.name())
                            + " SET \"deleted_at\" = $2, \"updated_by\" = $3, \"version\" = \"version\" + 1"
                            + " WHERE \"id\" = ANY($1)")
                    .execute(Tuple.of((Object) from, at, ctx.principal().userId()))
                    .await();
            Cascade.softDeleteChildren(conn, ctx, e, List.copyOf(others), at);
            JsonArray merged = new JsonArray();
            others.forEach(id -> merged.add(id.toString()));
            AuditLog.append(
                    conn,
                    ctx,
                    "merge",
                    e.name(),
                    survivor,
                    new JsonObject().put("merged", merged).put("moved", moved));
            JsonObject result = values.isEmpty()
                    ? records.load(conn, ctx, e, survivor)
                    : records.updateIn(conn, ctx, e, survivor, values);
            return new JsonObject().put("record", result).put("merged", merged).put("moved", moved);
        });
    }

    /**
     * Points polymorphic lookups (activities, tasks) at one record to another record, of another entity where
     * the lookup allows it, on the caller's connection; the number of records moved. Used by conversions.
     */
    public static int moveRelated(
            SqlConnection conn, RecordContext ctx, String fromEntity, UUID fromId, String toEntity, UUID toId) {
        RecordRows.auditContext(conn, ctx);
        int n = 0;
        for (EntityDef owner : ctx.snapshot().entities()) {
            for (FieldDef f : owner.fields()) {
                if (!f.type().equals("polymorphic_lookup")
                        || !f.targets().contains(fromEntity)
                        || !f.targets().contains(toEntity)) continue;
                n += conn.preparedQuery("UPDATE " + Sql.table(ctx.tenant().schema(), owner.name()) + " SET "
                                + Sql.ident(f.name()) + " = $1, " + Sql.ident(f.name() + "__entity") + " = $2,"
                                + " \"updated_at\" = now(), \"version\" = \"version\" + 1 WHERE "
                                + Sql.ident(f.name()) + " = $3 AND " + Sql.ident(f.name() + "__entity") + " = $4")
                        .execute(Tuple.of(toId, toEntity, fromId, fromEntity))
                        .await()
                        .rowCount();
            }
        }
        return n;
    }

    /** Points {@code f}'s references to the duplicates at the survivor; the number of records changed. */
    private static int repoint(
            SqlConnection conn, RecordContext ctx, EntityDef owner, FieldDef f, String entity, UUID to, UUID[] from) {
        String schema = ctx.tenant().schema();
        switch (f.type()) {
            case "lookup", "master_detail" -> {
                if (!entity.equals(f.target())) return 0;
                return conn.preparedQuery("UPDATE " + Sql.table(schema, owner.name()) + " SET " + Sql.ident(f.name())
                                + " = $1, \"updated_at\" = now(), \"version\" = \"version\" + 1 WHERE "
                                + Sql.ident(f.name()) + " = ANY($2) AND \"id\" <> $1")
                        .execute(Tuple.of(to, (Object) from))
                        .await()
                        .rowCount();
            }
            case "polymorphic_lookup" -> {
                if (!f.targets().contains(entity)) return 0;
                return conn.preparedQuery("UPDATE " + Sql.table(schema, owner.name()) + " SET " + Sql.ident(f.name())
                                + " = $1, \"updated_at\" = now(), \"version\" = \"version\" + 1 WHERE "
                                + Sql.ident(f.name()) + " = ANY($2) AND " + Sql.ident(f.name() + "__entity") + " = $3")
                        .execute(Tuple.of(to, (Object) from, entity))
                        .await()
                        .rowCount();
            }
            case "many_to_many" -> {
                int n = 0;
                String junction = Sql.table(schema, ManyToManyType.junctionTable(f));
                if (owner.name().equals(entity)) n += relink(conn, junction, "source_id", "target_id", to, from);
                if (entity.equals(f.target())) n += relink(conn, junction, "target_id", "source_id", to, from);
                return n;
            }
            default -> {
                return 0;
            }
        }
    }

    /** Moves junction rows of the duplicates to the survivor, dropping those the survivor already has. */
    private static int relink(SqlConnection conn, String junction, String side, String other, UUID to, UUID[] from) {
        String s = Sql.ident(side);
        String o = Sql.ident(other);
        conn.preparedQuery("DELETE FROM " + junction + " j WHERE j." + s + " = ANY($2) AND EXISTS (SELECT 1 FROM "
                        + junction + " k WHERE k." + s + " = $1 AND k." + o + " = j." + o + ")")
                .execute(Tuple.of(to, (Object) from))
                .await();
        return conn.preparedQuery("UPDATE " + junction + " SET " + s + " = $1 WHERE " + s + " = ANY($2)")
                .execute(Tuple.of(to, (Object) from))
                .await()
                .rowCount();
    }
}
