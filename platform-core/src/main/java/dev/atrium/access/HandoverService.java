package dev.atrium.access;

import dev.atrium.audit.AuditLog;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.query.FilterException;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Hands a departing user's customers to successors: every record they own (in all entities, chosen
 * ones, or those matching a filter per entity) — and, when entities are chosen, their open tasks too —
 * moves to one successor or round-robin across several, in one transaction. Each moved record's owner
 * change is in the audit trail, plus one handover entry with the counts. A dry run reports the counts.
 */
public final class HandoverService {
    private static final Set<String> CLOSED_TASK = Set.of("done", "completed", "closed", "cancelled");
    private final Pool pool;
    private final QueryCompiler compiler;

    public HandoverService(Pool pool, FieldTypeRegistry types) {
        this.pool = pool;
        this.compiler = new QueryCompiler(types);
    }

    public record Request(UUID from, List<UUID> to, List<String> entities, JsonObject filters, boolean dryRun) {}

    public JsonObject handover(Tenant t, MetadataSnapshot snap, UUID actor, Request req) {
        return Tx.run(pool, conn -> run(conn, t, snap, actor, req));
    }

    /** Live records the user owns, per entity (empty when none). */
    public JsonObject owned(SqlConnection conn, Tenant t, MetadataSnapshot snap, UUID user) {
        JsonObject out = new JsonObject();
        for (EntityDef e : snap.entities()) {
            long n = conn.preparedQuery("SELECT count(*) FROM " + Sql.table(t.schema(), e.name())
                            + " WHERE \"owner_id\" = $1 AND \"deleted_at\" IS NULL")
                    .execute(Tuple.of(user))
                    .await()
                    .iterator()
                    .next()
                    .getLong(0);
            if (n > 0) out.put(e.name(), n);
        }
        return out;
    }

    /** In the caller's transaction (deactivation uses it too). */
    public JsonObject run(SqlConnection conn, Tenant t, MetadataSnapshot snap, UUID actor, Request req) {
        if (req.to().isEmpty()) throw ApiProblem.invalidField("/to", "give at least one successor");
        for (int i = 0; i < req.to().size(); i++) {
            UUID s = req.to().get(i);
            if (s.equals(req.from())) throw ApiProblem.invalidField("/to/" + i, "a user cannot succeed themselves");
            if (conn.preparedQuery("SELECT 1 FROM atrium.users WHERE id = $1 AND tenant_id = $2 AND active")
                            .execute(Tuple.of(s, t.id()))
                            .await()
                            .size()
                    == 0) {
                throw ApiProblem.invalidField("/to/" + i, "no active user " + s + " in this organisation");
            }
        }
        conn.preparedQuery("SELECT set_config('atrium.ctx', $1, true)")
                .execute(Tuple.of(new JsonObject()
                        .put("tenant", t.id().toString())
                        .put("actor", actor.toString())
                        .encode()))
                .await();
        JsonObject moved = new JsonObject();
        long total = 0;
        for (EntityDef e : snap.entities()) {
            boolean chosen = req.entities() == null
                    || req.entities().isEmpty()
                    || req.entities().contains(e.name());
            boolean openTasks =
                    !chosen && e.name().equals("task") && e.field("status").isPresent();
            if (!chosen && !openTasks) continue;
            List<Object> params = new ArrayList<>(List.of(req.from()));
            StringBuilder where = new StringBuilder("t.\"owner_id\" = $1 AND t.\"deleted_at\" IS NULL");
            String filter = req.filters() == null ? null : req.filters().getString(e.name());
            if (filter != null) {
                try {
                    where.append(" AND (")
                            .append(compiler.condition(
                                    t.schema(), snap, e, filter, "t", params, LocalDate.now(ZoneOffset.UTC)))
                            .append(")");
                } catch (FilterException fe) {
                    throw ApiProblem.invalidField("/filters/" + e.name(), fe.getMessage());
                }
            }
            if (openTasks) {
                params.add(CLOSED_TASK.toArray(new String[0]));
                where.append(" AND (t.\"status\" IS NULL OR NOT (t.\"status\" = ANY($")
                        .append(params.size())
                        .append(")))");
            }
            String table = Sql.table(t.schema(), e.name());
            long n;
            if (req.dryRun()) {
                n = conn.preparedQuery("SELECT count(*) FROM " + table + " t WHERE " + where)
                        .execute(Tuple.wrap(params))
                        .await()
                        .iterator()
                        .next()
                        .getLong(0);
            } else {
                params.add(req.to().toArray(new UUID[0]));
                int succ = params.size();
                params.add(actor);
                n = conn.preparedQuery("WITH moving AS (SELECT t.\"id\", (row_number() OVER (ORDER BY t.\"id\") - 1) "
                                + "% cardinality($"
                                + succ + "::uuid[]) AS k FROM "
                                + table + " t WHERE " + where + ") UPDATE " + table + " u SET \"owner_id\" = ($"
                                + succ + "::uuid[])[moving.k + 1], "
                                + "\"updated_at\" = now(), \"updated_by\" = $" + params.size()
                                + ", \"version\" = u.\"version\" + 1 FROM moving WHERE u.\"id\" = "
                                + "moving.\"id\"")
                        .execute(Tuple.wrap(params))
                        .await()
                        .rowCount();
            }
            if (n > 0) moved.put(e.name(), n);
            total += n;
        }
        JsonObject result = new JsonObject()
                .put("dryRun", req.dryRun())
                .put("from", req.from().toString())
                .put("to", new JsonArray(req.to().stream().map(UUID::toString).toList()))
                .put("records", moved)
                .put("total", total);
        if (!req.dryRun()) AuditLog.append(conn, t.id(), actor, null, null, "handover", null, req.from(), result);
        return result;
    }
}
