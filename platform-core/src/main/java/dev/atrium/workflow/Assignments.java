package dev.atrium.workflow;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code assign} workflow action: gives the record to one of a role's (or a list's) active users, in
 * turn ({@code round_robin}, remembered per workflow action in the job's transaction, so two nodes never
 * hand out the same turn) or to the one owning the fewest live records of the entity ({@code least_loaded}).
 * Territories and criteria are the workflow's condition. Nobody to assign to leaves the owner as it is.
 */
final class Assignments {
    private Assignments() {}

    static JsonObject assign(
            SqlConnection conn,
            RecordContext ctx,
            EntityDef e,
            UUID recordId,
            String workflowId,
            int index,
            JsonObject v) {
        List<UUID> candidates = candidates(conn, ctx.tenant().id(), v);
        if (candidates.isEmpty()) return new JsonObject().put("skipped", "nobody to assign to");
        UUID chosen = "least_loaded".equals(v.getString("method"))
                ? leastLoaded(conn, ctx, e, candidates)
                : nextInTurn(conn, ctx.tenant().id(), workflowId, index, candidates);
        conn.preparedQuery("SELECT set_config('atrium.ctx', $1, true)")
                .execute(Tuple.of(ctx.auditJson()))
                .await();
        conn.preparedQuery("UPDATE " + Sql.table(ctx.tenant().schema(), e.name())
                        + " SET \"owner_id\" = $2, \"updated_at\" = now(), \"version\" = \"version\" + 1"
                        + " WHERE \"id\" = $1 AND \"deleted_at\" IS NULL")
                .execute(Tuple.of(recordId, chosen))
                .await();
        return new JsonObject().put("assigned", chosen.toString());
    }

    /** The active users of {@code role}, or of the {@code users} e-mails, or the one {@code user}; by id. */
    private static List<UUID> candidates(SqlConnection conn, UUID tenant, JsonObject v) {
        String sql;
        Tuple args;
        if (v.getValue("role") instanceof String role) {
            sql = "SELECT u.id FROM atrium.users u JOIN atrium.roles r ON r.id = u.role_id WHERE u.tenant_id = $1"
                    + " AND r.name = $2";
            args = Tuple.of(tenant, role);
        } else if (v.getValue("users") instanceof JsonArray emails) {
            sql = "SELECT u.id FROM atrium.users u WHERE u.tenant_id = $1 AND lower(u.email) = ANY($2)";
            args = Tuple.of(tenant, (Object)
                    emails.stream().map(x -> String.valueOf(x).toLowerCase()).toArray(String[]::new));
        } else if (v.getValue("user") instanceof String user) {
            sql = "SELECT u.id FROM atrium.users u WHERE u.tenant_id = $1 AND u.id::text = $2";
            args = Tuple.of(tenant, user);
        } else {
            throw new IllegalStateException("assign needs \"role\", \"users\" (e-mails) or \"user\"");
        }
        List<UUID> out = new ArrayList<>();
        for (Row r : conn.preparedQuery(sql + " AND u.active AND u.portal_account IS NULL ORDER BY u.id")
                .execute(args)
                .await()) out.add(r.getUUID("id"));
        return out;
    }

    private static UUID nextInTurn(SqlConnection conn, UUID tenant, String workflowId, int index, List<UUID> users) {
        conn.preparedQuery("INSERT INTO atrium.assignment_state (tenant_id, workflow_id, action_index) VALUES ($1, $2,"
                        + " $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(tenant, workflowId, index))
                .await();
        UUID last = conn.preparedQuery("SELECT last_user FROM atrium.assignment_state WHERE tenant_id = $1 AND"
                        + " workflow_id = $2 AND action_index = $3 FOR UPDATE")
                .execute(Tuple.of(tenant, workflowId, index))
                .await()
                .iterator()
                .next()
                .getUUID("last_user");
        UUID next = users.get(0);
        if (last != null) {
            for (UUID u : users) {
                if (u.compareTo(last) > 0) {
                    next = u;
                    break;
                }
            }
        }
        conn.preparedQuery("UPDATE atrium.assignment_state SET last_user = $4 WHERE tenant_id = $1 AND workflow_id = $2"
                        + " AND action_index = $3")
                .execute(Tuple.of(tenant, workflowId, index, next))
                .await();
        return next;
    }

    private static UUID leastLoaded(SqlConnection conn, RecordContext ctx, EntityDef e, List<UUID> users) {
        UUID best = users.get(0);
        long fewest = Long.MAX_VALUE;
        for (Row r : conn.preparedQuery("SELECT u.id, (SELECT count(*) FROM "
                        + Sql.table(ctx.tenant().schema(), e.name())
                        + " t WHERE t.\"owner_id\" = u.id AND t.\"deleted_at\" IS NULL) AS n"
                        + " FROM unnest($1::uuid[]) AS u(id)"
                        + " ORDER BY n, u.id")
                .execute(Tuple.of((Object) users.toArray(new UUID[0])))
                .await()) {
            if (r.getLong("n") < fewest) {
                fewest = r.getLong("n");
                best = r.getUUID("id");
            }
        }
        return best;
    }
}
