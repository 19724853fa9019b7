package dev.atrium.packages;

import dev.atrium.access.AccessService;
import dev.atrium.access.Grants;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Ids;
import dev.atrium.metadata.merge.ThreeWayMerge;
import dev.atrium.metadata.merge.Trees;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageException;
import dev.atrium.metadata.query.FilterException;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * The roles, groups, permission sets and sharing rules of a package ({@code access.json}), found by name.
 * What the organisation already has under a name is kept; a permission set the package changes in a new
 * version is merged three ways with the organisation's changes to it. Uninstalling removes only permission
 * sets and sharing rules exactly as the package made them and assigned to nobody. Reports each step.
 */
final class PackageAccess {
    private final SqlConnection conn;
    private final Tenant tenant;
    private final boolean dryRun;
    private final JsonArray report = new JsonArray();
    private boolean changed;

    private PackageAccess(SqlConnection conn, Tenant tenant, boolean dryRun) {
        this.conn = conn;
        this.tenant = tenant;
        this.dryRun = dryRun;
    }

    /** @param before the package's access as installed (empty on install); {@code after} empty on uninstall */
    static JsonArray apply(
            SqlConnection conn,
            Tenant tenant,
            MetadataSnapshot snapshot,
            FieldTypeRegistry types,
            AccessService access,
            Map<String, Object> before,
            Map<String, Object> after,
            boolean dryRun) {
        PackageAccess a = new PackageAccess(conn, tenant, dryRun);
        for (Map<String, Object> r : PackageDef.list(after.get("roles"))) a.role(r);
        for (Map<String, Object> g : PackageDef.list(after.get("groups"))) a.group(g);
        for (Map<String, Object> p : PackageDef.list(after.get("permissionSets"))) {
            a.permissionSet(p, named(before.get("permissionSets"), (String) p.get("name")));
        }
        for (Map<String, Object> s : PackageDef.list(after.get("sharingRules"))) a.sharingRule(s, snapshot, types);
        for (Map<String, Object> p : PackageDef.list(before.get("permissionSets"))) {
            if (named(after.get("permissionSets"), (String) p.get("name")) == null) a.drop(p);
        }
        for (Map<String, Object> s : PackageDef.list(before.get("sharingRules"))) {
            if (named(after.get("sharingRules"), (String) s.get("name")) == null) a.dropRule(s);
        }
        if (a.changed && !dryRun) access.changed(conn, tenant.id());
        return a.report;
    }

    private void role(Map<String, Object> r) {
        String name = (String) r.get("name");
        if (id("roles", name) != null) {
            note("role", name, "kept", "the organisation has it");
            return;
        }
        UUID parent = null;
        if (r.get("parent") instanceof String p) {
            parent = id("roles", p);
            if (parent == null && !dryRun)
                throw new PackageException("access.json: the role " + name + " is under " + p
                        + ", which neither the package nor the organisation has (list parents first)");
        }
        note("role", name, "create", null);
        if (!dryRun) {
            write(
                    "INSERT INTO atrium.roles (id, tenant_id, name, parent_id) VALUES ($1, $2, $3, $4)",
                    Ids.next(),
                    tenant.id(),
                    name,
                    parent);
        }
    }

    private void group(Map<String, Object> g) {
        String name = (String) g.get("name");
        if (id("groups", name) != null) {
            note("group", name, "kept", "the organisation has it");
            return;
        }
        note("group", name, "create", null);
        if (!dryRun) {
            write(
                    "INSERT INTO atrium.groups (id, tenant_id, name, is_team) VALUES ($1, $2, $3, $4)",
                    Ids.next(),
                    tenant.id(),
                    name,
                    Boolean.TRUE.equals(g.get("team")));
        }
    }

    private void permissionSet(Map<String, Object> p, Map<String, Object> was) {
        String name = (String) p.get("name");
        JsonObject def = new JsonObject(PackageDef.cast(p.get("definition")));
        try {
            Grants.parse(def, "/definition");
        } catch (ApiProblem e) {
            throw new PackageException("access.json: permission set " + name + ": " + e.getMessage());
        }
        Row existing =
                row("SELECT id, definition FROM atrium.permission_sets WHERE tenant_id = $1 AND name = $2", name);
        if (existing == null) {
            note("permissionSet", name, "create", null);
            if (!dryRun) {
                write(
                        "INSERT INTO atrium.permission_sets (id, tenant_id, name, definition) VALUES ($1, $2, $3, $4)",
                        Ids.next(),
                        tenant.id(),
                        name,
                        def);
            }
            return;
        }
        Map<String, Object> ours = existing.getJsonObject("definition").getMap();
        if (was == null) {
            note("permissionSet", name, "kept", "the organisation has one of this name");
            return;
        }
        ThreeWayMerge.Result r = ThreeWayMerge.merge(
                "/access/permissionSets[" + name + "]",
                was.get("definition"),
                plain(ours),
                plain(def.getMap()),
                Map.of());
        if (Trees.same(r.merged(), plain(ours))) {
            note(
                    "permissionSet",
                    name,
                    "kept",
                    r.conflicts().isEmpty()
                            ? null
                            : "changed here; the package's change" + " to the same grants is not applied");
            return;
        }
        note(
                "permissionSet",
                name,
                "update",
                r.conflicts().isEmpty() ? null : r.conflicts().size() + " grant(s) changed here are kept as they are");
        if (!dryRun) {
            write(
                    "UPDATE atrium.permission_sets SET definition = $2 WHERE id = $1",
                    existing.getUUID("id"),
                    new JsonObject(PackageDef.cast(r.merged())));
        }
    }

    private void sharingRule(Map<String, Object> s, MetadataSnapshot snapshot, FieldTypeRegistry types) {
        String name = (String) s.get("name");
        if (row("SELECT id FROM atrium.sharing_rules WHERE tenant_id = $1 AND name = $2", name) != null) {
            note("sharingRule", name, "kept", "the organisation has it");
            return;
        }
        note("sharingRule", name, "create", null);
        if (dryRun) return;
        EntityDef e = snapshot.entity((String) s.get("entity"))
                .orElseThrow(() -> new PackageException("access.json: the sharing rule " + name + " is for "
                        + s.get("entity") + ", which is not an entity"));
        try {
            new QueryCompiler(types)
                    .condition(
                            tenant.schema(),
                            snapshot,
                            e,
                            (String) s.get("filter"),
                            "t",
                            new ArrayList<>(),
                            LocalDate.now(ZoneOffset.UTC));
        } catch (FilterException fe) {
            throw new PackageException("access.json: the sharing rule " + name + ": " + fe.getMessage());
        }
        UUID role = s.get("role") instanceof String r ? id("roles", r) : null;
        UUID group = s.get("group") instanceof String g ? id("groups", g) : null;
        if ((role == null) == (group == null)) {
            throw new PackageException("access.json: the sharing rule " + name + " shares with exactly one role or"
                    + " group the package or the organisation has");
        }
        write(
                "INSERT INTO atrium.sharing_rules (id, tenant_id, name, entity, filter, access, role_id, group_id)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                Ids.next(),
                tenant.id(),
                name,
                e.name(),
                s.get("filter"),
                s.get("access"),
                role,
                group);
    }

    /** A permission set the package no longer has: removed when unchanged and assigned to nobody. */
    private void drop(Map<String, Object> p) {
        String name = (String) p.get("name");
        Row existing =
                row("SELECT id, definition FROM atrium.permission_sets WHERE tenant_id = $1 AND name = $2", name);
        if (existing == null) return;
        boolean unchanged =
                Trees.same(plain(existing.getJsonObject("definition").getMap()), p.get("definition"));
        boolean assigned = conn.preparedQuery("SELECT 1 FROM atrium.user_permission_sets WHERE permission_set_id = $1")
                        .execute(Tuple.of(existing.getUUID("id")))
                        .await()
                        .size()
                > 0;
        if (!unchanged || assigned) {
            note("permissionSet", name, "kept", unchanged ? "assigned to users" : "changed here");
            return;
        }
        note("permissionSet", name, "delete", null);
        if (!dryRun) write("DELETE FROM atrium.permission_sets WHERE id = $1", existing.getUUID("id"));
    }

    private void dropRule(Map<String, Object> s) {
        String name = (String) s.get("name");
        Row existing = row("SELECT id, filter FROM atrium.sharing_rules WHERE tenant_id = $1 AND name = $2", name);
        if (existing == null) return;
        if (!existing.getString("filter").equals(s.get("filter"))) {
            note("sharingRule", name, "kept", "changed here");
            return;
        }
        note("sharingRule", name, "delete", null);
        if (!dryRun) write("DELETE FROM atrium.sharing_rules WHERE id = $1", existing.getUUID("id"));
    }

    private UUID id(String table, String name) {
        Row r = row("SELECT id FROM atrium." + table + " WHERE tenant_id = $1 AND name = $2", name);
        return r == null ? null : r.getUUID("id");
    }

    private Row row(String sql, String name) {
        for (Row r :
                conn.preparedQuery(sql).execute(Tuple.of(tenant.id(), name)).await()) return r;
        return null;
    }

    private void write(String sql, Object... values) {
        conn.preparedQuery(sql)
                .execute(Tuple.wrap(new ArrayList<>(Arrays.asList(values))))
                .await();
        changed = true;
    }

    private void note(String kind, String name, String action, String why) {
        report.add(new JsonObject()
                .put("kind", kind)
                .put("name", name)
                .put("action", action)
                .put("why", why));
    }

    private static Map<String, Object> named(Object list, String name) {
        for (Map<String, Object> m : PackageDef.list(list)) if (name.equals(m.get("name"))) return m;
        return null;
    }

    /** A map from the database as a plain tree (numbers and nesting as the package reader makes them). */
    private static Object plain(Map<String, Object> m) {
        return dev.atrium.metadata.io.MetadataReader.plain(
                dev.atrium.metadata.io.MetadataReader.parse(new JsonObject(m).encode()));
    }
}
