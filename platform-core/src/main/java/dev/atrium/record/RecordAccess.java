package dev.atrium.record;

import dev.atrium.access.Access;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.query.FilterException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How the caller's access applies to one record operation: the object permission, the fields a body may
 * name, the record-level condition in SQL, the approval lock, and the answers when a record is not there
 * for the caller (404, never "exists but forbidden").
 */
final class RecordAccess {
    private RecordAccess() {}

    /** " AND (record access condition)", or "" when the caller may see every record. */
    static String scopeSql(RecordContext ctx, EntityDef e, String alias, boolean edit, List<Object> params) {
        var scope = ctx.access().scope(e, ctx.tenant().schema(), alias, edit);
        return scope == null ? "" : " AND " + scope.render(params);
    }

    /** The rows of other entities the caller may read (lookup joins, formula paths, roll-ups). */
    static dev.atrium.metadata.query.RowScope rows(RecordContext ctx) {
        return ctx.access().rows(ctx.tenant().schema());
    }

    static void require(RecordContext ctx, EntityDef e, String operation) {
        if (!ctx.access().can(e, operation)) {
            throw ApiProblem.forbidden("you have no permission to " + operation + " " + e.displayName() + " records");
        }
    }

    /**
     * A portal user writes records of their own company only: the entity's portal lookup is filled with it
     * on create and may not name another company (403 at the field).
     */
    static void portalCompany(
            RecordContext ctx, EntityDef e, Map<String, Object> body, boolean create, String pointer) {
        UUID company = ctx.access().portalAccount();
        if (company == null || e.portalAccount() == null) return;
        Object v = body.get(e.portalAccount());
        if (v == null) {
            if (create) body.put(e.portalAccount(), company.toString());
            return;
        }
        if (!company.toString().equals(String.valueOf(v))) {
            String message = "a portal user's records belong to their own company";
            throw new ApiProblem(
                    403,
                    "field-forbidden",
                    "Forbidden",
                    message,
                    new JsonArray()
                            .add(new JsonObject()
                                    .put("pointer", pointer + "/" + e.portalAccount())
                                    .put("message", message)),
                    null);
        }
    }

    /** A body may only name fields the caller may edit: 403 naming the first that is not. */
    static void checkWritable(RecordContext ctx, EntityDef e, Map<String, Object> body, String pointer) {
        if (ctx.access() == Access.FULL) return;
        for (String key : body.keySet()) {
            FieldDef f = e.field(key).orElse(null);
            if (f != null && !ctx.access().canEdit(e, f)) {
                throw new ApiProblem(
                        403,
                        "field-forbidden",
                        "Forbidden",
                        "you may not change " + f.displayName() + " (" + key + ")",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("pointer", pointer + "/" + key)
                                        .put("message", "you may not change this field")),
                        null);
            }
        }
    }

    /** A record with a pending approval is locked for everyone but administrators and the platform. */
    static void lockedByApproval(SqlClient conn, RecordContext ctx, EntityDef e, UUID id) {
        if (e.approvals().isEmpty() || ctx.access() == dev.atrium.access.Access.FULL) return;
        for (Row r : conn.preparedQuery("SELECT process FROM atrium.approvals WHERE tenant_id = $1 AND entity = $2 AND "
                        + "record_id = $3 AND status = 'pending'")
                .execute(Tuple.of(ctx.tenant().id(), e.name(), id))
                .await()) {
            throw ApiProblem.conflict(
                    "locked-for-approval",
                    "this " + e.displayName() + " is locked while its \"" + r.getString("process")
                            + "\" approval is pending");
        }
    }

    static ApiProblem notFound(EntityDef e, UUID id) {
        return ApiProblem.notFound("there is no " + e.displayName() + " with id " + id);
    }

    static ApiProblem queryProblem(FilterException fe) {
        JsonObject err = new JsonObject().put("parameter", fe.parameter()).put("message", fe.getMessage());
        if (fe.position() >= 0) err.put("position", fe.position());
        return new ApiProblem(
                400, "invalid-query", "The query is not valid", fe.getMessage(), new JsonArray().add(err), null);
    }
}
