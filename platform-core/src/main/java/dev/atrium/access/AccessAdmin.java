package dev.atrium.access;

import dev.atrium.auth.AuthService;
import dev.atrium.auth.Principal;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
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

    public AccessAdmin(Pool pool, AccessService access, AuthService auth, FieldTypeRegistry types) {
        this.handover = new HandoverService(pool, types);
        this.pool = pool;
        this.access = access;
        this.auth = auth;
        this.compiler = new QueryCompiler(types);
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
                "SELECT g.id, g.name, g.is_team, coalesce(array_agg(m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}') AS members FROM atrium.groups g LEFT JOIN atrium.group_members m ON m.group_id = g.id WHERE g.tenant_id = $1 GROUP BY g.id ORDER BY g.name";
            case "permission-sets" ->
                "SELECT id, name, definition FROM atrium.permission_sets WHERE tenant_id = $1 ORDER BY name";
            case "sharing-rules" ->
                "SELECT id, name, entity, filter, access, role_id, group_id FROM atrium.sharing_rules WHERE tenant_id = $1 ORDER BY name";
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

    public JsonObject createRole(Principal p, Tenant t, JsonObject body) {
        require(p, "manageAccess");
        String name = requireName(body);
        UUID parent = optionalId(body, "parent");
        UUID id = Ids.next();
        return Tx.run(pool, conn -> {
            if (parent != null) inTenant(conn, "roles", parent, t, "/parent");
            insert(
                    conn,
                    "INSERT INTO atrium.roles (id, tenant_id, name, parent_id) VALUES ($1, $2, $3, $4)",
                    Tuple.of(id, t.id(), name, parent),
                    name);
            changed(conn, p, t, body);
            return new JsonObject()
                    .put("id", id.toString())
                    .put("name", name)
                    .put("parentId", parent == null ? null : parent.toString());
        });
    }

    public JsonObject createGroup(Principal p, Tenant t, JsonObject body) {
        require(p, "manageAccess");
        String name = requireName(body);
        UUID id = Ids.next();
        return Tx.run(pool, conn -> {
            insert(
                    conn,
                    "INSERT INTO atrium.groups (id, tenant_id, name, is_team) VALUES ($1, $2, $3, $4)",
                    Tuple.of(id, t.id(), name, body.getBoolean("team", false)),
                    name);
            setMembers(conn, t, id, body.getJsonArray("members", new JsonArray()));
            changed(conn, p, t, body);
            return new JsonObject().put("id", id.toString()).put("name", name);
        });
    }

    public void setGroupMembers(Principal p, Tenant t, UUID group, JsonArray members) {
        require(p, "manageAccess");
        Tx.run(pool, conn -> {
            inTenant(conn, "groups", group, t, "");
            conn.preparedQuery("DELETE FROM atrium.group_members WHERE group_id = $1")
                    .execute(Tuple.of(group))
                    .await();
            setMembers(conn, t, group, members);
            changed(conn, p, t, new JsonObject().put("group", group.toString()).put("members", members));
            return null;
        });
    }

    private void setMembers(SqlConnection conn, Tenant t, UUID group, JsonArray members) {
        for (int i = 0; i < members.size(); i++) {
            UUID user = uuid(members.getValue(i), "/members/" + i);
            inTenant(conn, "users", user, t, "/members/" + i);
            conn.preparedQuery(
                            "INSERT INTO atrium.group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(group, user))
                    .await();
        }
    }

    public JsonObject savePermissionSet(Principal p, Tenant t, UUID existing, JsonObject body) {
        require(p, "manageAccess");
        String name = requireName(body);
        JsonObject def = body.getJsonObject("definition", new JsonObject());
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
            changed(conn, p, t, body);
            return new JsonObject().put("id", id.toString()).put("name", name).put("definition", def);
        });
    }

    public JsonObject createSharingRule(Principal p, Tenant t, MetadataSnapshot snapshot, JsonObject body) {
        require(p, "manageAccess");
        String name = requireName(body);
        String entity = body.getString("entity");
        var e = snapshot.entity(entity == null ? "" : entity)
                .orElseThrow(() -> ApiProblem.invalidField("/entity", "\"" + entity + "\" is not an entity"));
        String filter = body.getString("filter");
        if (filter == null)
            throw ApiProblem.invalidField("/filter", "filter is required: which records the rule shares");
        try {
            compiler.condition(t.schema(), snapshot, e, filter, "t", new ArrayList<>(), LocalDate.now(ZoneOffset.UTC));
        } catch (FilterException fe) {
            throw ApiProblem.invalidField("/filter", fe.getMessage());
        }
        String level = body.getString("access", "read");
        if (!level.equals("read") && !level.equals("edit"))
            throw ApiProblem.invalidField("/access", "access must be read or edit");
        UUID role = optionalId(body, "role");
        UUID group = optionalId(body, "group");
        if ((role == null) == (group == null))
            throw ApiProblem.invalidField("/role", "share with exactly one of role or group");
        UUID id = Ids.next();
        return Tx.run(pool, conn -> {
            if (role != null) inTenant(conn, "roles", role, t, "/role");
            if (group != null) inTenant(conn, "groups", group, t, "/group");
            insert(
                    conn,
                    "INSERT INTO atrium.sharing_rules (id, tenant_id, name, entity, filter, access, role_id, group_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    Tuple.wrap(new ArrayList<>(
                            java.util.Arrays.asList(id, t.id(), name, entity, filter, level, role, group))),
                    name);
            changed(conn, p, t, body);
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

    public JsonArray users(Tenant t) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery(
                        "SELECT u.id, u.email, u.display_name, u.is_admin, u.active, u.role_id, "
                                + "coalesce(array_agg(ups.permission_set_id) FILTER (WHERE ups.permission_set_id IS NOT NULL), '{}') AS permission_sets "
                                + "FROM atrium.users u LEFT JOIN atrium.user_permission_sets ups ON ups.user_id = u.id WHERE u.tenant_id = $1 GROUP BY u.id ORDER BY u.email")
                .execute(Tuple.of(t.id()))
                .await()) {
            out.add(new JsonObject()
                    .put("id", r.getUUID("id").toString())
                    .put("email", r.getString("email"))
                    .put("displayName", r.getString("display_name"))
                    .put("admin", r.getBoolean("is_admin"))
                    .put("active", r.getBoolean("active"))
                    .put(
                            "roleId",
                            r.getUUID("role_id") == null
                                    ? null
                                    : r.getUUID("role_id").toString())
                    .put(
                            "permissionSets",
                            new JsonArray(java.util.Arrays.stream(r.getArrayOfUUIDs("permission_sets"))
                                    .map(UUID::toString)
                                    .toList())));
        }
        return out;
    }

    public JsonObject createUser(Principal p, Tenant t, JsonObject body) {
        require(p, "manageUsers");
        if (body.getBoolean("admin", false) && !p.admin())
            throw ApiProblem.forbidden("only an administrator can make administrators");
        UUID id = auth.createUser(
                t,
                body.getString("email"),
                body.getString("displayName"),
                body.getString("password"),
                body.getBoolean("admin", false));
        updateUser(p, t, id, body.copy().put("email", null).put("password", null));
        return new JsonObject().put("id", id.toString());
    }

    /** Sets role, permission sets and display name (whichever the body has). */
    public void updateUser(Principal p, Tenant t, UUID user, JsonObject body) {
        updateUser(p, t, null, user, body);
    }

    public HandoverService handover() {
        return handover;
    }

    /**
     * Deactivating a user who still owns records needs {@code "successor"}: their records are handed over
     * in the same transaction; without one the answer is 409 with the counts per entity.
     */
    public void updateUser(Principal p, Tenant t, MetadataSnapshot snap, UUID user, JsonObject body) {
        require(p, "manageUsers");
        Tx.run(pool, conn -> {
            inTenant(conn, "users", user, t, "");
            if (body.containsKey("role")) {
                UUID role = optionalId(body, "role");
                if (role != null) inTenant(conn, "roles", role, t, "/role");
                conn.preparedQuery("UPDATE atrium.users SET role_id = $2 WHERE id = $1")
                        .execute(Tuple.of(user, role))
                        .await();
            }
            if (body.getValue("active") instanceof Boolean active) {
                if (!active && user.equals(p.userId()))
                    throw ApiProblem.invalidField("/active", "you cannot deactivate yourself");
                if (!active && snap != null) {
                    JsonObject owned = handover.owned(conn, t, snap, user);
                    if (!owned.isEmpty()) {
                        if (body.getValue("successor") == null) {
                            throw new ApiProblem(
                                    409,
                                    "successor-needed",
                                    "Choose a successor",
                                    "this user still owns records; give \"successor\" "
                                            + "to hand them over as part of the deactivation",
                                    null,
                                    new JsonObject().put("owned", owned));
                        }
                        handover.run(
                                conn,
                                t,
                                snap,
                                p.userId(),
                                new HandoverService.Request(
                                        user,
                                        List.of(uuid(body.getValue("successor"), "/successor")),
                                        null,
                                        null,
                                        false));
                    }
                }
                auth.setActive(conn, user, active);
            }
            if (body.getString("displayName") != null) {
                conn.preparedQuery("UPDATE atrium.users SET display_name = $2 WHERE id = $1")
                        .execute(Tuple.of(user, body.getString("displayName")))
                        .await();
            }
            if (body.containsKey("permissionSets")) {
                Grants granted = Grants.NONE;
                List<UUID> sets = new ArrayList<>();
                JsonArray arr = body.getJsonArray("permissionSets");
                for (int i = 0; i < arr.size(); i++) {
                    UUID set = uuid(arr.getValue(i), "/permissionSets/" + i);
                    Row r = inTenant(conn, "permission_sets", set, t, "/permissionSets/" + i);
                    granted = granted.union(
                            Grants.parse(new JsonObject(r.getValue("definition").toString()), ""));
                    sets.add(set);
                }
                if (!p.admin()) {
                    String missing = granted.notCoveredBy(access.grants(p));
                    if (missing != null)
                        throw ApiProblem.forbidden("you cannot grant " + missing + ": you do not hold it yourself");
                }
                conn.preparedQuery("DELETE FROM atrium.user_permission_sets WHERE user_id = $1")
                        .execute(Tuple.of(user))
                        .await();
                for (UUID s : sets) {
                    conn.preparedQuery(
                                    "INSERT INTO atrium.user_permission_sets (user_id, permission_set_id) VALUES ($1, $2)")
                            .execute(Tuple.of(user, s))
                            .await();
                }
            }
            changed(conn, p, t, body);
            return null;
        });
    }

    /** Evicts cached access everywhere and records the change in the audit trail, in the caller's transaction. */
    private void changed(SqlConnection conn, Principal p, Tenant t, Object what) {
        access.changed(conn, t.id());
        JsonObject details =
                what instanceof JsonObject o ? o.copy() : new JsonObject().put("change", String.valueOf(what));
        details.remove("password");
        dev.atrium.audit.AuditLog.append(conn, t.id(), p.userId(), null, null, "access", null, null, details);
    }

    private static Row inTenant(SqlConnection conn, String table, UUID id, Tenant t, String pointer) {
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

    private static String requireName(JsonObject body) {
        String name = body.getString("name");
        if (name == null || name.isBlank() || name.length() > 80)
            throw ApiProblem.invalidField("/name", "name is required (at most 80 characters)");
        return name;
    }

    private static UUID optionalId(JsonObject body, String key) {
        Object v = body.getValue(key);
        return v == null ? null : uuid(v, "/" + key);
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
