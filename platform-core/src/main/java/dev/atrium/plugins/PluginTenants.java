package dev.atrium.plugins;

import dev.atrium.db.Notifications;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each tenant's plugins: enabled or not, settings (secrets masked when described), the access granted,
 * and suspension. Stored in {@code atrium.plugin_tenants}, cached per node and refreshed on every node
 * through NOTIFY {@value PluginHost#CHANNEL} when any node changes them. Awaits: virtual threads only.
 */
final class PluginTenants {
    private static final Logger LOG = LoggerFactory.getLogger(PluginTenants.class);

    private final Pool pool;
    private final PluginHost host;
    private final Map<UUID, Map<String, TenantPlugin>> tenants = new ConcurrentHashMap<>();

    PluginTenants(Pool pool, PluginHost host) {
        this.pool = pool;
        this.host = host;
    }

    void listen(Notifications notifications) {
        notifications.onReconnect(tenants::clear);
        notifications.on(PluginHost.CHANNEL, payload -> {
            if ("*".equals(payload)) tenants.clear();
            else {
                try {
                    tenants.remove(UUID.fromString(payload));
                } catch (IllegalArgumentException e) {
                    tenants.clear();
                }
            }
        });
    }

    void forgetAll() {
        tenants.clear();
    }

    /** The tenant's plugin states (cached per node, refreshed through NOTIFY when any node changes them). */
    Map<String, TenantPlugin> of(UUID tenant) {
        // never await inside computeIfAbsent: the map's bin lock would be held while the thread parks
        Map<String, TenantPlugin> cached = tenants.get(tenant);
        if (cached != null) return cached;
        Map<String, TenantPlugin> loaded = load(tenant);
        Map<String, TenantPlugin> raced = tenants.putIfAbsent(tenant, loaded);
        return raced != null ? raced : loaded;
    }

    private Map<String, TenantPlugin> load(UUID t) {
        Map<String, TenantPlugin> m = new ConcurrentHashMap<>();
        for (Row r : pool.preparedQuery("SELECT plugin_id, enabled, settings, granted, suspended_reason"
                        + " FROM atrium.plugin_tenants WHERE tenant_id = $1")
                .execute(Tuple.of(t))
                .await()) {
            Map<String, String> settings = new LinkedHashMap<>();
            r.getJsonObject("settings")
                    .forEach(en ->
                            settings.put(en.getKey(), en.getValue() == null ? null : String.valueOf(en.getValue())));
            List<AccessNeed> granted = new ArrayList<>();
            for (Object o : r.getJsonArray("granted")) {
                JsonObject g = (JsonObject) o;
                granted.add(new AccessNeed(
                        g.getString("entity"),
                        Set.copyOf(g.getJsonArray("operations").getList())));
            }
            m.put(
                    r.getString("plugin_id"),
                    new TenantPlugin(r.getBoolean("enabled"), settings, granted, r.getString("suspended_reason")));
        }
        return m;
    }

    /** The running plugin when it is enabled (and not suspended) for the tenant, else empty. */
    Optional<RunningPlugin> enabledFor(UUID tenant, String plugin) {
        RunningPlugin r = host.running(plugin).orElse(null);
        if (r == null) return Optional.empty();
        TenantPlugin tp = of(tenant).get(plugin);
        return tp != null && tp.enabled() ? Optional.of(r) : Optional.empty();
    }

    /** Running plugins enabled for the tenant, by id. */
    List<RunningPlugin> enabled(UUID tenant) {
        List<RunningPlugin> out = new ArrayList<>();
        Map<String, TenantPlugin> tp = of(tenant);
        for (RunningPlugin r : host.allRunning()) {
            TenantPlugin t = tp.get(r.id());
            if (t != null && t.enabled()) out.add(r);
        }
        out.sort(java.util.Comparator.comparing(RunningPlugin::id));
        return out;
    }

    /**
     * Enables a plugin for a tenant (also one suspended there): checks settings against the declared
     * properties, grants the declared access (the caller must confirm it), applies the plugin's metadata,
     * all before it is marked enabled.
     */
    void enable(Tenant tenant, RunningPlugin r, JsonObject settings, boolean grantAccess, UUID actor) {
        List<AccessNeed> needs = r.access();
        if (!needs.isEmpty() && !grantAccess) {
            throw ApiProblem.invalidField(
                    "/grantAccess",
                    "plugin " + r.id() + " needs " + describeNeeds(needs) + "; send \"grantAccess\": true to grant it");
        }
        TenantPlugin current = of(tenant.id()).get(r.id());
        Map<String, String> merged = Settings.merge(
                r.settings(),
                current == null ? Map.of() : current.settings(),
                settings == null ? new JsonObject() : settings);
        if (!r.extensions().templates().isEmpty()) host.services().applyTemplates(tenant, r, actor);
        save(tenant.id(), r.id(), true, merged, needs, null);
        host.calls().forgive(r.id(), tenant.id());
    }

    /** Changes settings of an enabled or disabled plugin (secrets left out keep their value). */
    void configure(Tenant tenant, RunningPlugin r, JsonObject settings) {
        TenantPlugin current = of(tenant.id()).get(r.id());
        Map<String, String> merged =
                Settings.merge(r.settings(), current == null ? Map.of() : current.settings(), settings);
        save(
                tenant.id(),
                r.id(),
                current != null && current.enabled(),
                merged,
                current == null ? List.of() : current.granted(),
                current == null ? null : current.suspendedReason());
    }

    void disable(Tenant tenant, String id) {
        TenantPlugin current = of(tenant.id()).get(id);
        save(tenant.id(), id, false, current == null ? Map.of() : current.settings(), List.of(), null);
    }

    /**
     * Turns the plugin off for one tenant because it failed there too often in a row; the tenant's
     * administrator sees why and enables it again when it is fixed. Other tenants keep it.
     */
    void suspend(UUID tenant, String id, String reason) {
        TenantPlugin current = of(tenant).get(id);
        if (current == null || !current.enabled()) return;
        LOG.error("plugin {} suspended for tenant {}: {}", id, tenant, reason);
        save(tenant, id, false, current.settings(), current.granted(), "suspended: " + reason);
    }

    private void save(
            UUID tenant,
            String id,
            boolean enabled,
            Map<String, String> settings,
            List<AccessNeed> granted,
            String suspendedReason) {
        JsonArray g = new JsonArray();
        for (AccessNeed n : granted)
            g.add(new JsonObject()
                    .put("entity", n.entity())
                    .put("operations", new JsonArray(new ArrayList<>(new TreeSet<>(n.operations())))));
        Tx.run(pool, conn -> {
            conn.preparedQuery("INSERT INTO atrium.plugin_tenants"
                            + " (tenant_id, plugin_id, enabled, settings, granted, suspended_reason)"
                            + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, plugin_id) DO UPDATE SET"
                            + " enabled = $3, settings = $4, granted = $5, suspended_reason = $6, updated_at = now()")
                    .execute(Tuple.of(
                            tenant, id, enabled, new JsonObject(new LinkedHashMap<>(settings)), g, suspendedReason))
                    .await();
            conn.preparedQuery("SELECT pg_notify($1, $2)")
                    .execute(Tuple.of(PluginHost.CHANNEL, tenant.toString()))
                    .await();
            return null;
        });
        tenants.remove(tenant);
    }

    static String describeNeeds(List<AccessNeed> needs) {
        List<String> parts = new ArrayList<>();
        for (AccessNeed n : needs)
            parts.add(n.entity() + " (" + String.join(", ", new TreeSet<>(n.operations())) + ")");
        return "access to " + String.join(", ", parts);
    }
}
