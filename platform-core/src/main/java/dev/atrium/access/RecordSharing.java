package dev.atrium.access;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Manual sharing of one record with a user or a group, and the "why can (or can't) this user see it"
 * trace. Sharing needs edit access to the record. Awaits: virtual threads only.
 */
public final class RecordSharing {
    private final Pool pool;

    public RecordSharing(Pool pool) {
        this.pool = pool;
    }

    /** Whether the caller's scope admits the record (read, or edit). */
    public boolean admits(RecordContext ctx, EntityDef e, UUID id, boolean edit) {
        List<Object> params = new ArrayList<>(List.of(id));
        var scope = ctx.access().scope(e, ctx.tenant().schema(), "t", edit);
        String sql = "SELECT 1 FROM " + Sql.table(ctx.tenant().schema(), e.name())
                + " t WHERE t.\"id\" = $1 AND t.\"deleted_at\" IS NULL"
                + (scope == null ? "" : " AND " + scope.render(params));
        return pool.preparedQuery(sql).execute(Tuple.wrap(params)).await().size() > 0;
    }

    public JsonObject share(RecordContext ctx, EntityDef e, UUID id, dev.atrium.internal.Body body) {
        if (!admits(ctx, e, id, false)) throw ApiProblem.notFound("there is no " + e.displayName() + " with id " + id);
        if (!ctx.access().can(e, "edit") || !admits(ctx, e, id, true))
            throw ApiProblem.forbidden("sharing a record needs edit access to it");
        String level = body.oneOf("access", "read", "read", "edit");
        UUID user = body.uuid("user");
        UUID group = body.uuid("group");
        if ((user == null) == (group == null))
            throw ApiProblem.invalidField("/user", "share with exactly one of user or group");
        String table = user != null ? "users" : "groups";
        if (pool.preparedQuery("SELECT 1 FROM atrium." + table + " WHERE id = $1 AND tenant_id = $2")
                        .execute(Tuple.of(
                                user != null ? user : group, ctx.tenant().id()))
                        .await()
                        .size()
                == 0) {
            throw ApiProblem.invalidField(
                    user != null ? "/user" : "/group", "no such " + table.substring(0, table.length() - 1));
        }
        pool.preparedQuery("INSERT INTO atrium.record_shares (tenant_id, entity, record_id, user_id, group_id, "
                        + "access, granted_by) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                        + "ON CONFLICT (tenant_id, entity, record_id, coalesce(user_id, group_id)) DO "
                        + "UPDATE SET access = EXCLUDED.access")
                .execute(Tuple.wrap(new ArrayList<>(java.util.Arrays.asList(
                        ctx.tenant().id(),
                        e.name(),
                        id,
                        user,
                        group,
                        level,
                        ctx.principal().userId()))))
                .await();
        return new JsonObject()
                .put("record", id.toString())
                .put("user", user == null ? null : user.toString())
                .put("group", group == null ? null : group.toString())
                .put("access", level);
    }

    public JsonArray shares(RecordContext ctx, EntityDef e, UUID id) {
        if (!admits(ctx, e, id, false)) throw ApiProblem.notFound("there is no " + e.displayName() + " with id " + id);
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery("SELECT user_id, group_id, access, granted_at FROM atrium.record_shares WHERE "
                        + "tenant_id = $1 AND entity = $2 AND record_id = $3")
                .execute(Tuple.of(ctx.tenant().id(), e.name(), id))
                .await()) {
            out.add(new JsonObject()
                    .put(
                            "user",
                            r.getUUID("user_id") == null
                                    ? null
                                    : r.getUUID("user_id").toString())
                    .put(
                            "group",
                            r.getUUID("group_id") == null
                                    ? null
                                    : r.getUUID("group_id").toString())
                    .put("access", r.getString("access"))
                    .put("grantedAt", r.getOffsetDateTime("granted_at").toString()));
        }
        return out;
    }

    public void unshare(RecordContext ctx, EntityDef e, UUID id, UUID userOrGroup) {
        if (!admits(ctx, e, id, true))
            throw ApiProblem.notFound("there is no " + e.displayName() + " with id " + id + " you can change");
        pool.preparedQuery("DELETE FROM atrium.record_shares WHERE tenant_id = $1 AND entity = $2 AND record_id "
                        + "= $3 AND coalesce(user_id, group_id) = $4")
                .execute(Tuple.of(ctx.tenant().id(), e.name(), id, userOrGroup))
                .await();
    }

    /** A user by display name (the id when there is none), for explanations people read. */
    private String person(RecordContext ctx, UUID user) {
        if (user == null) return "nobody";
        for (Row r : pool.preparedQuery("SELECT display_name, email FROM atrium.users WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(ctx.tenant().id(), user))
                .await()) {
            String name = r.getString("display_name");
            return name == null || name.isBlank() ? r.getString("email") : name;
        }
        return user.toString();
    }

    /**
     * Why the user of {@code ctx} can or cannot see and edit a record (and a field): a list of reasons
     * checked with the same SQL conditions that enforcement uses.
     */
    public JsonObject explain(RecordContext ctx, EntityDef e, UUID id, String field, JsonObject standing) {
        JsonArray trace = new JsonArray();
        boolean admin = ctx.access() == Access.FULL;
        if (admin) trace.add("administrator: full access to every record and field");
        boolean readObj = ctx.access().can(e, "read");
        boolean editObj = ctx.access().can(e, "edit");
        trace.add("permission sets " + (readObj ? "grant" : "do not grant") + " read on " + e.name());
        trace.add("permission sets " + (editObj ? "grant" : "do not grant") + " edit on " + e.name());
        if (ctx.access().can(e, "viewAll")) trace.add("view-all on " + e.name() + ": every record is readable");
        if (ctx.access().can(e, "modifyAll")) trace.add("modify-all on " + e.name() + ": every record is editable");
        boolean read = readObj && admits(ctx, e, id, false);
        boolean edit = editObj && admits(ctx, e, id, true);
        for (FieldDef f : e.fields()) {
            if (f.type().equals("master_detail"))
                trace.add("a detail of " + f.target() + " (via " + f.name() + "): access comes from the master record");
        }
        Row rec = null;
        for (Row r : pool.preparedQuery("SELECT \"owner_id\" FROM "
                        + Sql.table(ctx.tenant().schema(), e.name()) + " WHERE \"id\" = $1 AND \"deleted_at\" IS NULL")
                .execute(Tuple.of(id))
                .await()) {
            rec = r;
        }
        if (rec == null) {
            trace.add("no live record " + id + " of " + e.name());
        } else if (!admin) {
            UUID owner = rec.getUUID("owner_id");
            JsonArray owners = standing.getJsonArray("seesRecordsOwnedBy", new JsonArray());
            String ownerName = person(ctx, owner);
            if (ctx.principal().userId().equals(owner)) trace.add("owns the record");
            else if (owner != null && owners.contains(owner.toString()))
                trace.add("the owner, " + ownerName + ", is below in the role hierarchy or on the same team");
            else
                trace.add("the owner, " + ownerName
                        + ", is neither the user, below them in the role hierarchy, nor a teammate");
            for (Row s : pool.preparedQuery(
                            "SELECT user_id, group_id, access FROM atrium.record_shares WHERE tenant_id = $1 "
                                    + "AND entity = $2 AND record_id = $3")
                    .execute(Tuple.of(ctx.tenant().id(), e.name(), id))
                    .await()) {
                UUID target = s.getUUID("user_id") != null ? s.getUUID("user_id") : s.getUUID("group_id");
                boolean applies = target.equals(ctx.principal().userId())
                        || standing.getJsonArray("groups", new JsonArray()).contains(target.toString());
                trace.add("shared by hand (" + s.getString("access") + ") with "
                        + (s.getUUID("user_id") != null ? person(ctx, target) : "group " + target)
                        + (applies ? ": applies" : ": does not apply to this user"));
            }
            for (Object rule : standing.getJsonArray("sharingRules", new JsonArray()))
                trace.add("sharing rule that applies to the user: " + rule);
        }
        JsonObject out = new JsonObject()
                .put("user", ctx.principal().userId().toString())
                .put("entity", e.name())
                .put("id", id.toString())
                .put("canRead", read)
                .put("canEdit", edit)
                .put("trace", trace);
        if (field != null) {
            FieldDef f = e.field(field)
                    .orElseThrow(
                            () -> ApiProblem.invalidField("/field", "\"" + field + "\" is not a field of " + e.name()));
            boolean fr = ctx.access().fields().visible(e, f);
            boolean fe = ctx.access().canEdit(e, f);
            out.put(
                    "field",
                    new JsonObject()
                            .put("name", f.name())
                            .put("canRead", read && fr)
                            .put("canEdit", edit && fe)
                            .put(
                                    "reason",
                                    admin
                                            ? "administrator"
                                            : fe
                                                    ? "a permission set grants edit of " + f.name()
                                                    : fr
                                                            ? "a permission set grants read (not edit) of " + f.name()
                                                            : "no permission set grants " + f.name()
                                                                    + " (fields are allow-listed)"));
        }
        return out;
    }
}
