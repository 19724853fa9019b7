package dev.atrium.access;

import dev.atrium.auth.Principal;
import dev.atrium.db.Notifications;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.types.FieldTypeRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds each caller's {@link Access}. What a user may do (grants, the owners whose records they see,
 * groups, sharing rules) is loaded once and cached; any change to roles, groups, permission sets,
 * assignments or rules evicts the tenant's cache here and on every node (NOTIFY {@value #CHANNEL}),
 * inside the transaction that made the change. Awaits: virtual threads only.
 */
public final class AccessService {
    public static final String CHANNEL = "atrium_access";

    private final Pool pool;
    private final QueryCompiler compiler;
    /** People's access, for the people active lately (bounded: memory follows use, not head count). */
    private final dev.atrium.internal.BoundedCache<UUID, Loaded> cache = new dev.atrium.internal.BoundedCache<>(20_000);

    private record Loaded(
            UUID tenant, Grants grants, UUID[] owners, UUID[] groups, List<UserAccess.Rule> rules, UUID portal) {}

    public AccessService(Pool pool, FieldTypeRegistry types) {
        this.pool = pool;
        this.compiler = new QueryCompiler(types);
    }

    public void listen(Notifications notifications) {
        notifications.on(CHANNEL, tenant -> evictTenant(UUID.fromString(tenant)));
        notifications.onReconnect(cache::clear);
    }

    /** The caller's access under the given metadata; administrators get {@link Access#FULL}. */
    public Access of(Principal p, MetadataSnapshot snapshot) {
        if (p.admin()) return Access.FULL;
        Loaded l = cache.get(p.userId());
        if (l == null) {
            l = load(pool, p);
            cache.put(p.userId(), l);
        }
        return new UserAccess(p, l.grants(), l.owners(), l.groups(), l.rules(), snapshot, compiler, l.portal());
    }

    /** The union of the user's permission sets (administrators hold everything). */
    public Grants grants(Principal p) {
        if (p.admin()) return null;
        Loaded l = cache.get(p.userId());
        return l != null ? l.grants() : load(pool, p).grants();
    }

    /** Call inside the transaction of any access change: evicts when (and only if) it commits... and now, locally. */
    public void changed(SqlClient tx, UUID tenant) {
        evictTenant(tenant);
        tx.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(CHANNEL, tenant.toString()))
                .await();
    }

    private void evictTenant(UUID tenant) {
        cache.removeIf(l -> l.tenant().equals(tenant));
    }

    private static Loaded load(SqlClient db, Principal p) {
        Grants grants = Grants.NONE;
        for (Row r : db.preparedQuery("SELECT ps.definition FROM atrium.user_permission_sets ups JOIN "
                        + "atrium.permission_sets ps ON ps.id = ups.permission_set_id WHERE ups.user_id = $1")
                .execute(Tuple.of(p.userId()))
                .await()) {
            grants = grants.union(Grants.parse(r.getJsonObject("definition"), ""));
        }
        List<UUID> groups = new ArrayList<>();
        for (Row r : db.preparedQuery("SELECT group_id FROM atrium.group_members WHERE user_id = $1")
                .execute(Tuple.of(p.userId()))
                .await()) {
            groups.add(r.getUUID("group_id"));
        }
        List<UUID> owners = new ArrayList<>();
        String ownersSql = """
                WITH RECURSIVE below AS (
                  SELECT r.id FROM atrium.roles r JOIN atrium.users u ON r.parent_id = u.role_id WHERE u.id = $1
                  UNION SELECT r.id FROM atrium.roles r JOIN below b ON r.parent_id = b.id)
                SELECT id FROM atrium.users WHERE id = $1
                UNION SELECT u.id FROM atrium.users u WHERE u.role_id IN (SELECT id FROM below)
                UNION SELECT m.user_id FROM atrium.group_members m JOIN atrium.groups g ON g.id = m.group_id
                      WHERE g.is_team AND m.group_id IN (SELECT group_id FROM atrium.group_members WHERE\s\
                user_id = $1)""";
        for (Row r : db.preparedQuery(ownersSql).execute(Tuple.of(p.userId())).await()) owners.add(r.getUUID("id"));
        List<UserAccess.Rule> rules = new ArrayList<>();
        String rulesSql = """
                WITH RECURSIVE mine AS (
                  SELECT role_id AS id FROM atrium.users WHERE id = $1 AND role_id IS NOT NULL
                  UNION SELECT r.id FROM atrium.roles r JOIN mine ON r.parent_id = mine.id)
                SELECT id, name, entity, filter, access FROM atrium.sharing_rules
                WHERE tenant_id = $2 AND (role_id IN (SELECT id FROM mine) OR group_id = ANY($3))""";
        for (Row r : db.preparedQuery(rulesSql)
                .execute(Tuple.of(p.userId(), p.tenantId(), groups.toArray(new UUID[0])))
                .await()) {
            rules.add(new UserAccess.Rule(
                    r.getUUID("id"),
                    r.getString("name"),
                    r.getString("entity"),
                    r.getString("filter"),
                    r.getString("access")));
        }
        UUID portal = null;
        for (Row r : db.preparedQuery("SELECT portal_account FROM atrium.users WHERE id = $1")
                .execute(Tuple.of(p.userId()))
                .await()) portal = r.getUUID("portal_account");
        return new Loaded(
                p.tenantId(),
                grants,
                owners.toArray(new UUID[0]),
                groups.toArray(new UUID[0]),
                List.copyOf(rules),
                portal);
    }

    /** A short description of a user's standing, for the explain trace. */
    public JsonObject describe(Principal p) {
        Loaded l = p.admin() ? null : load(pool, p);
        JsonObject o = new JsonObject().put("user", p.userId().toString()).put("administrator", p.admin());
        if (l != null) {
            o.put(
                            "seesRecordsOwnedBy",
                            new io.vertx.core.json.JsonArray(java.util.Arrays.stream(l.owners())
                                    .map(UUID::toString)
                                    .toList()))
                    .put(
                            "groups",
                            new io.vertx.core.json.JsonArray(java.util.Arrays.stream(l.groups())
                                    .map(UUID::toString)
                                    .toList()))
                    .put(
                            "sharingRules",
                            new io.vertx.core.json.JsonArray(l.rules().stream()
                                    .map(UserAccess.Rule::name)
                                    .toList()));
        }
        return o;
    }
}
