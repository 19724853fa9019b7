package dev.atrium.access;

import dev.atrium.auth.AuthService;
import dev.atrium.auth.Principal;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Body;
import dev.atrium.internal.Ids;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.query.FilterException;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Administration of the permission model: roles, groups, permission sets, sharing rules, users'
 * roles and permission sets. Needs the {@code manageAccess} (or {@code manageUsers}) admin permission or
 * an administrator; nobody can grant a permission they do not hold. Every change evicts cached access
 * on all nodes. Awaits: virtual threads only.
 */
public final class AccessAdmin {
    private final Pool pool;
    private final AccessService access;
    private final AuthService auth;
    private final QueryCompiler compiler;

    private final HandoverService handover;
    private final UserAdmin users;

    public AccessAdmin(Pool pool, AccessService access, AuthService auth, FieldTypeRegistry types) {
        this.handover = new HandoverService(pool, types);
        this.pool = pool;
        this.access = access;
        this.auth = auth;
        this.compiler = new QueryCompiler(types);
        this.users = new UserAdmin(pool, access, auth, this);
    }

    /** The organisation's users (see {@link UserAdmin}). */
    public UserAdmin users() {
        return users;
    }

    /** 403 unless the caller is an administrator or holds {@code permission}. */
    public void require(Principal p, String permission) {
        if (p.admin()) return;
        Grants g = access.grants(p);
        if (g == null || !g.admin().contains(permission))
            throw ApiProblem.forbidden("this needs the " + permission + " permission");
    }

    public JsonArray list(Tenant t, String what) {
        String sql = switch (what) {
            case "roles" -> "SELECT id, name, parent_id FROM atrium.roles WHERE tenant_id = $1 ORDER BY name";
            case "groups" ->
                "SELECT g.id, g.name, g.is_team, coalesce(array_agg(m.user_id) FILTER (WHERE m.user_id IS NOT "
                        + "NULL), '{}') AS members FROM atrium.groups g LEFT JOIN atrium.group_members m ON "
                        + "m.group_id = g.id WHERE g.tenant_id = $1 GROUP BY g.id ORDER BY g.name";
            case "permission-sets" ->
                "SELECT id, name, definition FROM atrium.permission_sets WHERE tenant_id = $1 ORDER BY name";
            case "sharing-rules" ->
                "SELECT id, name, entity, filter, access, role_id, group_id FROM atrium.sharing_rules WHERE "
                        + "tenant_id = $1 ORDER BY name";
            default -> throw ApiProblem.notFound("no " + what);
        };
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery(sql).execute(Tuple.of(t.id())).await()) {
            JsonObject o = new JsonObject();
            for (int i = 0; i < r.size(); i++) {
                Object v = r.getValue(i);
                if (v instanceof UUID[] ids)
                    v = new JsonArray(
                            java.util.Arrays.stream(ids).map(UUID::toString).toList());
                else if (v instanceof UUID u) v = u.toString();
                o.put(camel(r.getColumnName(i)), v);
            }
            out.add(o);
        }
        return out;
    }

    public JsonObject createRole(Principal p, Tenant t, Body body) {
        require(p, "manageAccess");
        String name = requireName(body);
        UUID parent = body.uuid("parent");
        UUID id = Ids.next();
        return Tx.run(pool, conn -> {
            if (parent != null) inTenant(conn, "roles", parent, t, "/parent");
            insert(
                    conn,
                    "INSERT INTO atrium.roles (id, tenant_id, name, parent_id) VALUES ($1, $2, $3, $4)",
                    Tuple.of(id, t.id(), name, parent),
                    name);
            changed(conn, p, t, body.json());
            return new JsonObject()
                    .put("id", id.toString())
                    .put("name", name)
                    .put("parentId", parent == null ? null : parent.toString());
        });
    }

    public JsonObject createGroup(Principal p, Tenant t, Body body) {
        require(p, "manageAccess");
        String name = requireName(body);
        boolean team = body.bool("team", false);
        List<UUID> members = body.uuids("members") == null ? List.of() : body.uuids("members");
        // a team lets its members see each other's records: only administrators form teams
        if (team && !p.admin())
            throw ApiProblem.forbidden("teams share their members' records: only administrators make them");
        UUID id = Ids.next();
        return Tx.run(pool, conn -> {
            insert(
                    conn,
                    "INSERT INTO atrium.groups (id, tenant_id, name, is_team) VALUES ($1, $2, $3, $4)",
                    Tuple.of(id, t.id(), name, team),
                    name);
            setMembers(conn, t, id, members);
            changed(conn, p, t, body.json());
            return new JsonObject().put("id", id.toString()).put("name", name);
        });
    }

    /**
     * Replaces a group's members. Membership grants what is shared with the group, so a non-administrator
     * changes only plain groups they belong to themselves (they hold what it grants) and never teams.
     */
    public void setGroupMembers(Principal p, Tenant t, UUID group, List<UUID> members) {
        require(p, "manageAccess");
        Tx.run(pool, conn -> {
            Row g = conn
                    .preparedQuery("SELECT id, is_team FROM atrium.groups WHERE id = $1 AND tenant_id = $2")
                    .execute(Tuple.of(group, t.id()))
                    .await()
                    .stream()
                    .findFirst()
                    .orElseThrow(() -> ApiProblem.notFound("no such group " + group));
            if (!p.admin()) {
                if (g.getBoolean("is_team"))
                    throw ApiProblem.forbidden("teams share their members' records: only administrators change them");
                boolean member =
                        conn.preparedQuery("SELECT 1 FROM atrium.group_members WHERE group_id = $1 AND user_id = $2")
                                        .execute(Tuple.of(group, p.userId()))
                                        .await()
                                        .size()
                                > 0;
                if (!member)
                    throw ApiProblem.forbidden("you can change the members only of groups you belong to: membership"
                            + " grants what is shared with the group");
            }
            conn.preparedQuery("DELETE FROM atrium.group_members WHERE group_id = $1")
                    .execute(Tuple.of(group))
                    .await();
            setMembers(conn, t, group, members);
            changed(
                    conn,
                    p,
                    t,
                    new JsonObject()
                            .put("group", group.toString())
                            .put(
                                    "members",
                                    new JsonArray(
                                            members.stream().map(UUID::toString).toList())));
            return null;
        });
    }

    private void setMembers(SqlConnection conn, Tenant t, UUID group, List<UUID> members) {
        for (int i = 0; i < members.size(); i++) {
            UUID user = members.get(i);
            inTenant(conn, "users", user, t, "/members/" + i);
            conn.preparedQuery("INSERT INTO atrium.group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT "
                            + "DO NOTHING")
                    .execute(Tuple.of(group, user))
                    .await();
        }
    }

    public JsonObject savePermissionSet(Principal p, Tenant t, UUID existing, Body body) {
        require(p, "manageAccess");
        String name = requireName(body);
        JsonObject def = body.object("definition") == null ? new JsonObject() : body.object("definition");
        Grants g = Grants.parse(def, "/definition");
        if (!p.admin()) {
            String missing = g.notCoveredBy(access.grants(p));
            if (missing != null)
                throw ApiProblem.forbidden("you cannot grant " + missing + ": you do not hold it yourself");
        }
        UUID id = existing != null ? existing : Ids.next();
        return Tx.run(pool, conn -> {
            if (existing != null) {
                inTenant(conn, "permission_sets", existing, t, "");
                conn.preparedQuery("UPDATE atrium.permission_sets SET name = $2, definition = $3 WHERE id = $1")
                        .execute(Tuple.of(id, name, def))
                        .await();
            } else {
                insert(
                        conn,
                        "INSERT INTO atrium.permission_sets (id, tenant_id, name, definition) VALUES ($1, $2, $3, $4)",
                        Tuple.of(id, t.id(), name, def),
                        name);
            }
            changed(conn, p, t, body.json());
            return new JsonObject().put("id", id.toString()).put("name", name).put("definition", def);
        });
    }

    /**
     * A sharing rule gives a role or group the records of an entity that match a filter. A
     * non-administrator creates one only for an entity whose every record they may read ({@code viewAll}),
     * or edit ({@code modifyAll}) for an edit rule: a rule cannot give what its author could not see.
     */
    public JsonObject createSharingRule(Principal p, Tenant t, MetadataSnapshot snapshot, Body body) {
        require(p, "manageAccess");
        String name = requireName(body);
        String entity = body.requiredString("entity");
        var e = snapshot.entity(entity)
                .orElseThrow(() -> ApiProblem.invalidField("/entity", "\"" + entity + "\" is not an entity"));
        String filter = body.requiredString("filter");
        try {
            compiler.condition(t.schema(), snapshot, e, filter, "t", new ArrayList<>(), LocalDate.now(ZoneOffset.UTC));
        } catch (FilterException fe) {
            throw ApiProblem.invalidField("/filter", fe.getMessage());
        }
        String level = body.oneOf("access", "read", "read", "edit");
        if (!p.admin()) {
            Grants mine = access.grants(p);
            String needed = level.equals("edit") ? "modifyAll" : "viewAll";
            if (mine == null || !mine.entity(entity).can(needed)) {
                throw ApiProblem.forbidden("a rule that shares " + entity + " records for " + level + " needs " + needed
                        + " on " + entity + " yourself: it would give records you cannot " + level);
            }
        }
        UUID role = body.uuid("role");
        UUID group = body.uuid("group");
        if ((role == null) == (group == null))
            throw ApiProblem.invalidField("/role", "share with exactly one of role or group");
        UUID id = Ids.next();
        return Tx.run(pool, conn -> {
            if (role != null) inTenant(conn, "roles", role, t, "/role");
            if (group != null) inTenant(conn, "groups", group, t, "/group");
            insert(
                    conn,
                    "INSERT INTO atrium.sharing_rules (id, tenant_id, name, entity, filter, access, role_id, group_id)"
                            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    Tuple.wrap(new ArrayList<>(
                            java.util.Arrays.asList(id, t.id(), name, entity, filter, level, role, group))),
                    name);
            changed(conn, p, t, body.json());
            return new JsonObject().put("id", id.toString()).put("name", name);
        });
    }

    public void delete(Principal p, Tenant t, String what, UUID id) {
        require(p, "manageAccess");
        String table = switch (what) {
            case "roles" -> "roles";
            case "groups" -> "groups";
            case "permission-sets" -> "permission_sets";
            case "sharing-rules" -> "sharing_rules";
            default -> throw ApiProblem.notFound("no " + what);
        };
        Tx.run(pool, conn -> {
            try {
                if (conn.preparedQuery("DELETE FROM atrium." + table + " WHERE id = $1 AND tenant_id = $2")
                                .execute(Tuple.of(id, t.id()))
                                .await()
                                .rowCount()
                        == 0) {
                    throw ApiProblem.notFound("no such " + what + " " + id);
                }
            } catch (PgException e) {
                if ("23503".equals(e.getSqlState()))
                    throw ApiProblem.conflict(
                            "in-use", "it is still in use (e.g. a role with sub-roles); change those first");
                throw e;
            }
            changed(conn, p, t, new JsonObject().put("deleted", what).put("id", id.toString()));
            return null;
        });
    }

    public HandoverService handover() {
        return handover;
    }

    /** Evicts cached access everywhere and records the change in the audit trail, in the caller's transaction. */
    void changed(SqlConnection conn, Principal p, Tenant t, Object what) {
        access.changed(conn, t.id());
        JsonObject details =
                what instanceof JsonObject o ? o.copy() : new JsonObject().put("change", String.valueOf(what));
        details.remove("password");
        dev.atrium.audit.AuditLog.append(conn, t.id(), p.userId(), null, null, "access", null, null, details);
    }

    static Row inTenant(SqlConnection conn, String table, UUID id, Tenant t, String pointer) {
        String cols = table.equals("permission_sets") ? "id, definition::text AS definition" : "id";
        for (Row r : conn.preparedQuery(
                        "SELECT " + cols + " FROM atrium." + table + " WHERE id = $1 AND tenant_id = $2")
                .execute(Tuple.of(id, t.id()))
                .await()) {
            return r;
        }
        throw pointer.isEmpty()
                ? ApiProblem.notFound("no such " + table.replace('_', ' ') + " " + id)
                : ApiProblem.invalidField(
                        pointer, "no such " + table.replace('_', ' ').replaceAll("s$", "") + " " + id);
    }

    private static void insert(SqlConnection conn, String sql, Tuple values, String name) {
        try {
            conn.preparedQuery(sql).execute(values).await();
        } catch (PgException e) {
            if ("23505".equals(e.getSqlState()))
                throw ApiProblem.conflict("duplicate", "\"" + name + "\" already exists");
            throw e;
        }
    }

    private static String requireName(Body body) {
        String name = body.string("name");
        if (name == null || name.isBlank() || name.length() > 80)
            throw ApiProblem.invalidField("/name", "name is required (at most 80 characters)");
        return name;
    }

    static UUID uuid(Object v, String pointer) {
        try {
            return UUID.fromString(String.valueOf(v));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(pointer, "must be an id");
        }
    }

    private static String camel(String column) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : column.toCharArray()) {
            if (c == '_') up = true;
            else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
