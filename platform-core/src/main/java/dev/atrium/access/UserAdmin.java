package dev.atrium.access;

import dev.atrium.auth.AuthService;
import dev.atrium.auth.Principal;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Body;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The users of an organisation: create, change (role, permission sets, name, language, active,
 * administrator), list. Everything a request asks for is checked before anything is written, and it is
 * written in one transaction: a refused request changes nothing.
 *
 * <p>What {@code manageUsers} does not allow, so that nobody grants what they lack: changing one's own
 * role, permission sets, activity or administrator flag; touching an administrator; making
 * administrators; giving a role outside one's own part of the hierarchy (one's role and the roles below
 * it); giving permission sets beyond one's own. Anyone may change their own display name and language.
 */
public final class UserAdmin {
    public static final Set<String> LOCALES = Set.of("en", "es", "zh-CN", "ru");

    private final Pool pool;
    private final AccessService access;
    private final AuthService auth;
    private final AccessAdmin admin;

    UserAdmin(Pool pool, AccessService access, AuthService auth, AccessAdmin admin) {
        this.pool = pool;
        this.access = access;
        this.auth = auth;
        this.admin = admin;
    }

    public JsonArray users(Tenant t) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery(
                        "SELECT u.id, u.email, u.display_name, u.is_admin, u.active, u.role_id, u.locale, u.time_zone,"
                                + " u.portal_account,"
                                + " coalesce(array_agg(ups.permission_set_id) FILTER (WHERE "
                                + "ups.permission_set_id IS NOT NULL),"
                                + " '{}') AS permission_sets FROM atrium.users u LEFT JOIN "
                                + "atrium.user_permission_sets ups"
                                + " ON ups.user_id = u.id WHERE u.tenant_id = $1 GROUP BY u.id ORDER BY u.email")
                .execute(Tuple.of(t.id()))
                .await()) {
            out.add(new JsonObject()
                    .put("id", r.getUUID("id").toString())
                    .put("email", r.getString("email"))
                    .put("displayName", r.getString("display_name"))
                    .put("admin", r.getBoolean("is_admin"))
                    .put("active", r.getBoolean("active"))
                    .put("locale", r.getString("locale"))
                    .put("timeZone", r.getString("time_zone"))
                    .put(
                            "portalAccount",
                            r.getUUID("portal_account") == null
                                    ? null
                                    : r.getUUID("portal_account").toString())
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

    /**
     * The people of the organisation anyone inside it may pick in a user field: active users who are not
     * portal users, with their display name and e-mail.
     */
    public JsonArray directory(Tenant t) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery("SELECT id, email, display_name FROM atrium.users WHERE tenant_id = $1 AND"
                        + " active AND portal_account IS NULL ORDER BY coalesce(display_name, email), email")
                .execute(Tuple.of(t.id()))
                .await()) {
            out.add(new JsonObject()
                    .put("id", r.getUUID("id").toString())
                    .put("displayName", r.getString("display_name"))
                    .put("email", r.getString("email")));
        }
        return out;
    }

    /** The members a user body may have. */
    public static final String[] CREATE = {
        "email", "password", "displayName", "role", "permissionSets", "admin", "locale", "portalAccount"
    };

    public static final String[] UPDATE = {
        "displayName", "locale", "timeZone", "role", "permissionSets", "active", "successor", "admin"
    };

    /** Creates a user with everything the body asks for, in one transaction, after every check passed. */
    public JsonObject createUser(Principal p, Tenant t, Body body) {
        admin.require(p, "manageUsers");
        boolean makeAdmin = body.bool("admin", false);
        if (makeAdmin && !p.admin()) throw ApiProblem.forbidden("only an administrator can make administrators");
        String email = body.requiredString("email");
        String password = body.requiredString("password");
        AuthService.checkPassword(password);
        String locale = locale(body);
        UUID role = body.uuid("role");
        List<UUID> sets = body.uuids("permissionSets");
        UUID portal = body.uuid("portalAccount");
        if (portal != null && makeAdmin) {
            throw ApiProblem.invalidField("/portalAccount", "a portal user cannot be an administrator");
        }
        return Tx.run(pool, conn -> {
            if (role != null) checkRole(conn, p, t, role);
            if (sets != null) checkSets(conn, p, t, sets);
            if (portal != null) checkCompany(conn, t, portal);
            UUID id = auth.createUser(conn, t, email, body.string("displayName"), password, makeAdmin);
            if (portal != null) {
                conn.preparedQuery("UPDATE atrium.users SET portal_account = $2 WHERE id = $1")
                        .execute(Tuple.of(id, portal))
                        .await();
            }
            if (role != null) setRole(conn, id, role);
            if (sets != null) setSets(conn, id, sets);
            if (locale != null) setLocale(conn, id, locale);
            JsonObject audited = body.json().copy();
            audited.remove("password");
            admin.changed(conn, p, t, audited.put("user", id.toString()));
            return new JsonObject().put("id", id.toString());
        });
    }

    /**
     * Applies what the body asks for, all or nothing. Deactivating a user who still owns records needs
     * {@code "successor"}: their records are handed over in the same transaction; without one the answer
     * is 409 with the counts per entity.
     */
    public void updateUser(Principal p, Tenant t, MetadataSnapshot snap, UUID user, Body body) {
        boolean self = user.equals(p.userId());
        boolean onlyPersonal = body.json().fieldNames().stream().allMatch(k -> PERSONAL.contains(k));
        if (!(self && onlyPersonal)) admin.require(p, "manageUsers");
        Boolean active = body.optionalBool("active");
        Boolean makeAdmin = body.optionalBool("admin");
        String locale = locale(body);
        String zone = zone(body);
        String displayName = body.string("displayName");
        if (displayName != null && (displayName.isBlank() || displayName.length() > 200))
            throw ApiProblem.invalidField("/displayName", "a display name has 1 to 200 characters");
        UUID role = body.uuid("role");
        List<UUID> sets = body.uuids("permissionSets");
        UUID successor = body.uuid("successor");
        Tx.run(pool, conn -> {
            Row target = target(conn, t, user);
            if (!p.admin() && target.getBoolean("is_admin") && !self) {
                throw ApiProblem.forbidden("administrators can only be changed by administrators");
            }
            if (self && !p.admin() && (body.has("role") || body.has("permissionSets") || active != null)) {
                throw ApiProblem.forbidden("you cannot change your own role, permission sets or activity");
            }
            if (makeAdmin != null) {
                if (!p.admin()) throw ApiProblem.forbidden("only an administrator can make or unmake administrators");
                if (self && !makeAdmin)
                    throw ApiProblem.invalidField("/admin", "you cannot remove your own administrator rights");
            }
            if (active != null && !active && self)
                throw ApiProblem.invalidField("/active", "you cannot deactivate yourself");
            if (body.has("role") && role != null) checkRole(conn, p, t, role);
            if (sets != null) checkSets(conn, p, t, sets);

            if (body.has("role")) setRole(conn, user, role);
            if (sets != null) setSets(conn, user, sets);
            if (displayName != null) {
                conn.preparedQuery("UPDATE atrium.users SET display_name = $2 WHERE id = $1")
                        .execute(Tuple.of(user, displayName))
                        .await();
            }
            if (locale != null) setLocale(conn, user, locale);
            if (body.has("timeZone")) {
                conn.preparedQuery("UPDATE atrium.users SET time_zone = $2 WHERE id = $1")
                        .execute(Tuple.of(user, zone))
                        .await();
            }
            if (makeAdmin != null) {
                conn.preparedQuery("UPDATE atrium.users SET is_admin = $2 WHERE id = $1")
                        .execute(Tuple.of(user, makeAdmin))
                        .await();
            }
            if (active != null) {
                if (!active) handOver(conn, p, t, snap, user, successor);
                auth.setActive(conn, user, active);
            }
            auth.credentialsChanged(conn, user);
            admin.changed(conn, p, t, body.json().copy().put("user", user.toString()));
            return null;
        });
    }

    /** A portal user's company is a live account of the organisation. */
    private static void checkCompany(SqlConnection conn, Tenant t, UUID account) {
        boolean exists;
        try {
            exists = conn.preparedQuery("SELECT 1 FROM " + dev.atrium.metadata.sql.Sql.table(t.schema(), "account")
                                    + " WHERE \"id\" = $1 AND \"deleted_at\" IS NULL")
                            .execute(Tuple.of(account))
                            .await()
                            .size()
                    > 0;
        } catch (io.vertx.pgclient.PgException e) {
            exists = false;
        }
        if (!exists) throw ApiProblem.invalidField("/portalAccount", "there is no account " + account);
    }

    private void handOver(SqlConnection conn, Principal p, Tenant t, MetadataSnapshot snap, UUID user, UUID successor) {
        if (snap == null) return;
        JsonObject owned = admin.handover().owned(conn, t, snap, user);
        if (owned.isEmpty()) return;
        if (successor == null) {
            throw new ApiProblem(
                    409,
                    "successor-needed",
                    "Choose a successor",
                    "this user still owns records; give \"successor\" to hand them over as part of the deactivation",
                    null,
                    new JsonObject().put("owned", owned));
        }
        target(conn, t, successor);
        admin.handover()
                .run(
                        conn,
                        t,
                        snap,
                        p.userId(),
                        new HandoverService.Request(user, List.of(successor), null, null, false));
    }

    /** What anyone may change about themselves. */
    private static final java.util.Set<String> PERSONAL = java.util.Set.of("displayName", "locale", "timeZone");

    /** An IANA time zone, or null to follow the browser. */
    private static String zone(Body body) {
        String z = body.string("timeZone");
        if (z == null || z.isBlank()) return null;
        try {
            return java.time.ZoneId.of(z).getId();
        } catch (java.time.DateTimeException e) {
            throw ApiProblem.invalidField("/timeZone", "\"" + z + "\" is not a time zone (e.g. Europe/Madrid)");
        }
    }

    private static String locale(Body body) {
        String locale = body.string("locale");
        if (locale != null && !LOCALES.contains(locale)) {
            throw ApiProblem.invalidField(
                    "/locale", "the language must be one of " + String.join(", ", new java.util.TreeSet<>(LOCALES)));
        }
        return locale;
    }

    private static Row target(SqlConnection conn, Tenant t, UUID user) {
        for (Row r : conn.preparedQuery("SELECT id, is_admin FROM atrium.users WHERE id = $1 AND tenant_id = $2")
                .execute(Tuple.of(user, t.id()))
                .await()) {
            return r;
        }
        throw ApiProblem.notFound("no user " + user);
    }

    /** A non-administrator gives only their own role or roles below it. */
    private void checkRole(SqlConnection conn, Principal p, Tenant t, UUID role) {
        AccessAdmin.inTenant(conn, "roles", role, t, "/role");
        if (p.admin()) return;
        boolean mine = conn.preparedQuery("""
                        WITH RECURSIVE mine AS (
                          SELECT role_id AS id FROM atrium.users WHERE id = $1 AND role_id IS NOT NULL
                          UNION SELECT r.id FROM atrium.roles r JOIN mine ON r.parent_id = mine.id)
                        SELECT 1 FROM mine WHERE id = $2""")
                        .execute(Tuple.of(p.userId(), role))
                        .await()
                        .size()
                > 0;
        if (!mine) {
            throw new ApiProblem(
                    403,
                    "forbidden",
                    "Forbidden",
                    "you can give only your own role or roles below it: a higher role would see records you cannot",
                    new JsonArray().add(new JsonObject().put("pointer", "/role").put("message", "not below your role")),
                    null);
        }
    }

    /** A non-administrator gives only permission sets whose grants they hold themselves. */
    private void checkSets(SqlConnection conn, Principal p, Tenant t, List<UUID> sets) {
        Grants granted = Grants.NONE;
        for (int i = 0; i < sets.size(); i++) {
            Row r = AccessAdmin.inTenant(conn, "permission_sets", sets.get(i), t, "/permissionSets/" + i);
            granted = granted.union(
                    Grants.parse(new JsonObject(r.getValue("definition").toString()), ""));
        }
        if (p.admin()) return;
        String missing = granted.notCoveredBy(access.grants(p));
        if (missing != null)
            throw ApiProblem.forbidden("you cannot grant " + missing + ": you do not hold it yourself");
    }

    private static void setRole(SqlConnection conn, UUID user, UUID role) {
        conn.preparedQuery("UPDATE atrium.users SET role_id = $2 WHERE id = $1")
                .execute(Tuple.of(user, role))
                .await();
    }

    private static void setSets(SqlConnection conn, UUID user, List<UUID> sets) {
        conn.preparedQuery("DELETE FROM atrium.user_permission_sets WHERE user_id = $1")
                .execute(Tuple.of(user))
                .await();
        for (UUID s : new ArrayList<>(new java.util.LinkedHashSet<>(sets))) {
            conn.preparedQuery("INSERT INTO atrium.user_permission_sets (user_id, permission_set_id) VALUES ($1, $2)")
                    .execute(Tuple.of(user, s))
                    .await();
        }
    }

    private static void setLocale(SqlConnection conn, UUID user, String locale) {
        conn.preparedQuery("UPDATE atrium.users SET locale = $2 WHERE id = $1")
                .execute(Tuple.of(user, locale))
                .await();
    }
}
