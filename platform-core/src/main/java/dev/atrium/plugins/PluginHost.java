package dev.atrium.plugins;

import dev.atrium.db.Notifications;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.plugin.api.FieldTypeExtension;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, starts, stops and removes plugins while the platform runs, and tells the rest of the
 * platform which extensions exist. Jars live in one directory; the platform-wide state (started or
 * stopped, the last error) lives in {@code atrium.plugins}, each tenant's enablement in
 * {@link PluginTenants}.
 *
 * <p>Lifecycle: {@link #install} (verify the archive, the signature, the descriptor, the platform
 * version and the required plugins; then start), {@link #stop}, {@link #restart}, {@link #remove}. An
 * upload with the id of an installed plugin upgrades it; if the new version does not start, the old
 * one is put back. A refused upload leaves nothing in the directory. At start-up a jar that cannot be
 * loaded is reported as failed and the platform starts anyway.
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    public static final String PLATFORM_VERSION = "0.1.0";
    public static final String CHANNEL = "atrium_plugins";

    private final Pool pool;
    private final PluginConfig config;
    private final PluginTrust trust;
    private final PluginCalls calls;
    private final PluginLoader loader;
    private final PluginTenants tenants;
    private final PluginInstaller installer;
    private final Map<String, RunningPlugin> running = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final Map<String, PluginFieldType> fieldTypes = new ConcurrentHashMap<>();
    /** Installed jar of each plugin id, started or not (files in the directory may have any name). */
    private final Map<String, Path> files = new ConcurrentHashMap<>();

    private final Object lifecycle = new Object();
    private volatile PluginServices services;

    public PluginHost(Pool pool, PluginConfig config) {
        this.pool = pool;
        this.config = config;
        this.trust = PluginTrust.of(config);
        this.calls =
                new PluginCalls(config.callTimeout(), config.failuresToDisable(), this::failedTooOften, this::loaderOf);
        try {
            Files.createDirectories(config.dir());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the plugin directory " + config.dir() + ": " + e.getMessage(), e);
        }
        this.loader = new PluginLoader(config.dir(), trust, pool, fieldTypes, this);
        this.tenants = new PluginTenants(pool, this);
        this.installer = new PluginInstaller(this, pool, config, trust, loader, running, errors, fieldTypes, files);
    }

    private ClassLoader loaderOf(String plugin) {
        return loader.classLoaderOf(plugin);
    }

    /** The platform services plugin contexts use; set once the platform is wired. */
    public void bind(PluginServices services) {
        this.services = services;
    }

    PluginServices services() {
        return services;
    }

    PluginCalls calls() {
        return calls;
    }

    public PluginConfig config() {
        return config;
    }

    /**
     * Loads every jar of the plugin directory (verified like an upload) and starts those not stopped. A
     * jar that is refused or fails to load is recorded with its error and skipped. Awaits.
     */
    public void loadInstalled() {
        installer.loadInstalled();
    }

    /**
     * Installs (or upgrades) a plugin from an uploaded jar. Everything is checked before the plugin
     * directory changes; an upload that is refused, or whose plugin fails to start, leaves no trace, and
     * an upgrade that fails puts the previous version back. Returns the plugin's description.
     */
    public JsonObject install(byte[] jar) throws PluginRefused {
        synchronized (lifecycle) {
            return installer.install(jar);
        }
    }

    void started(RunningPlugin r) {
        running.put(r.id(), r);
        files.put(r.id(), r.file());
        calls.forget(r.id());
    }

    Path existingFile(String id) {
        Path known = files.get(id);
        if (known != null && Files.isRegularFile(known, LinkOption.NOFOLLOW_LINKS)) return known;
        return PluginDirectory.jarOf(config.dir(), id);
    }

    void unload(String id) {
        running.remove(id);
        loader.unload(id);
        int stillRunning = calls.forget(id);
        if (stillRunning > 0) {
            errors.put(id, stillRunning + " calls were still running when it stopped; they were interrupted");
        }
    }

    /** Stops a plugin on every node's next start too; its class loader is closed. */
    public void stop(String id, String reason) {
        synchronized (lifecycle) {
            RunningPlugin r = running.get(id);
            if (r == null && existingFile(id) == null) throw ApiProblem.notFound("there is no plugin \"" + id + "\"");
            for (RunningPlugin other : running.values()) {
                if (!other.id().equals(id) && loader.requires(other, id)) {
                    throw ApiProblem.conflict(
                            "plugin-required",
                            "plugin " + other.id() + " requires " + id + "; stop or remove it first");
                }
            }
            if (r != null) unload(id);
            if (reason != null) errors.put(id, reason);
            pool.preparedQuery("INSERT INTO atrium.plugins (id, version, sha256, started, last_error)"
                            + " VALUES ($1, $3, '', false, $2) ON CONFLICT (id) DO UPDATE SET started = false,"
                            + " last_error = $2, updated_at = now()")
                    .execute(Tuple.of(id, reason, r == null ? "" : r.version()))
                    .await();
        }
    }

    /** Starts a stopped plugin again (after verifying its jar once more). */
    public JsonObject restart(String id) {
        synchronized (lifecycle) {
            if (running.containsKey(id)) return describe(id, null);
            Path file = existingFile(id);
            if (file == null) throw ApiProblem.notFound("there is no plugin \"" + id + "\"");
            try {
                started(loader.start(file, loader.descriptor(file)));
            } catch (PluginRefused e) {
                throw ApiProblem.conflict("plugin-refused", e.getMessage());
            }
            errors.remove(id);
            pool.preparedQuery("UPDATE atrium.plugins SET started = true, last_error = NULL, updated_at = now() "
                            + "WHERE id = $1")
                    .execute(Tuple.of(id))
                    .await();
            return describe(id, null);
        }
    }

    /** Stops and unloads a plugin, deletes its jar and every tenant's settings for it. */
    public void remove(String id) {
        synchronized (lifecycle) {
            Path file = running.containsKey(id) ? running.get(id).file() : existingFile(id);
            if (file == null) throw ApiProblem.notFound("there is no plugin \"" + id + "\"");
            stop(id, null);
            try {
                Files.deleteIfExists(file);
                files.remove(id);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
            }
            Tx.run(pool, conn -> {
                conn.preparedQuery("DELETE FROM atrium.plugins WHERE id = $1")
                        .execute(Tuple.of(id))
                        .await();
                conn.preparedQuery("DELETE FROM atrium.plugin_tenants WHERE plugin_id = $1")
                        .execute(Tuple.of(id))
                        .await();
                conn.preparedQuery("SELECT pg_notify($1, $2)")
                        .execute(Tuple.of(CHANNEL, "*"))
                        .await();
                return null;
            });
            errors.remove(id);
            tenants.forgetAll();
            LOG.info("plugin {} removed", id);
        }
    }

    /**
     * Failed calls in a row reached the limit: suspend the plugin in that tenant at once (on the failing
     * caller's thread), or stop it for everyone when the failures were outside any tenant.
     */
    private void failedTooOften(String id, UUID tenant, String reason) {
        if (tenant != null) {
            tenants.suspend(tenant, id, reason);
            return;
        }
        Thread.ofVirtual().start(() -> {
            try {
                LOG.error("plugin {} is being stopped: {}", id, reason);
                stop(id, "stopped automatically: " + reason);
            } catch (RuntimeException e) {
                LOG.warn("could not stop plugin {}: {}", id, e.getMessage());
            }
        });
    }

    // ---- tenants -------------------------------------------------------------------------------

    public void listen(Notifications notifications) {
        tenants.listen(notifications);
    }

    /** The tenant's plugin states (cached per node, refreshed through NOTIFY when any node changes them). */
    public Map<String, TenantPlugin> tenantPlugins(UUID tenant) {
        return tenants.of(tenant);
    }

    /** The running plugin when it is enabled for the tenant, else empty. */
    Optional<RunningPlugin> enabledFor(UUID tenant, String plugin) {
        return tenants.enabledFor(tenant, plugin);
    }

    /** Running plugins enabled for the tenant. */
    List<RunningPlugin> enabled(UUID tenant) {
        return tenants.enabled(tenant);
    }

    /** Enables a plugin for a tenant (see {@link PluginTenants#enable}); also lifts a suspension. */
    public JsonObject enable(Tenant tenant, String id, JsonObject settings, boolean grantAccess, UUID actor) {
        tenants.enable(tenant, requireRunning(id), settings, grantAccess, actor);
        return describe(id, tenant.id());
    }

    /** Changes settings of an enabled or disabled plugin (secrets left out keep their value). */
    public JsonObject configure(Tenant tenant, String id, JsonObject settings) {
        tenants.configure(tenant, requireRunning(id), settings);
        return describe(id, tenant.id());
    }

    public JsonObject disable(Tenant tenant, String id) {
        if (!running.containsKey(id) && existingFile(id) == null)
            throw ApiProblem.notFound("there is no plugin \"" + id + "\"");
        tenants.disable(tenant, id);
        return describe(id, tenant.id());
    }

    private RunningPlugin requireRunning(String id) {
        RunningPlugin r = running.get(id);
        if (r == null)
            throw ApiProblem.conflict("plugin-not-running", "plugin \"" + id + "\" is not installed and started");
        return r;
    }

    // ---- descriptions --------------------------------------------------------------------------

    /** Every installed plugin with its state, errors, extensions, settings form and (with a tenant) its enablement. */
    public JsonArray list(UUID tenant) {
        java.util.Set<String> ids = new java.util.TreeSet<>(running.keySet());
        ids.addAll(files.keySet());
        for (Row r : pool.query("SELECT id FROM atrium.plugins").execute().await()) ids.add(r.getString("id"));
        JsonArray out = new JsonArray();
        for (String id : ids) out.add(describe(id, tenant));
        return out;
    }

    public JsonObject describe(String id, UUID tenant) {
        RunningPlugin r = running.get(id);
        String version = r != null ? r.version() : null;
        String state = "started";
        if (r == null) {
            var rows = pool.preparedQuery("SELECT version, started FROM atrium.plugins WHERE id = $1")
                    .execute(Tuple.of(id))
                    .await();
            Row row = rows.size() == 0 ? null : rows.iterator().next();
            version = row == null ? null : row.getString("version");
            // meant to run (not stopped) but not running: it failed to load or start
            state = row != null && row.getBoolean("started") ? "failed" : "stopped";
        }
        return PluginDescription.of(
                id,
                version,
                state,
                r,
                errors.get(id),
                calls,
                tenant == null ? null : tenants.of(tenant).get(id));
    }

    // ---- extension lookups ---------------------------------------------------------------------

    /** For the field type registry: a plugin type by name (also when its plugin is stopped: values stay readable). */
    public Optional<dev.atrium.metadata.types.FieldType> fieldType(String name) {
        return Optional.ofNullable(fieldTypes.get(name));
    }

    public Function<String, Optional<dev.atrium.metadata.types.FieldType>> fieldTypeResolver() {
        return this::fieldType;
    }

    Optional<FieldTypeExtension> fieldTypeExtension(String plugin, String name) {
        RunningPlugin r = running.get(plugin);
        if (r == null) return Optional.empty();
        return r.extensions().fieldTypes().stream()
                .filter(f -> f.id().equals(name))
                .findFirst();
    }

    /** Field types of started plugins, for the object manager. */
    public JsonArray fieldTypeCatalog() {
        JsonArray out = new JsonArray();
        for (RunningPlugin r : running.values()) {
            for (FieldTypeExtension f : r.extensions().fieldTypes()) {
                out.add(new JsonObject()
                        .put("type", f.id())
                        .put("label", f.label())
                        .put("plugin", r.id())
                        .put("maxLength", f.maxLength()));
            }
        }
        return out;
    }

    /** The class loader of a started plugin (diagnostics: the unload test watches it being collected). */
    public Optional<ClassLoader> classLoader(String id) {
        return running.containsKey(id) ? Optional.ofNullable(loaderOf(id)) : Optional.empty();
    }

    Optional<RunningPlugin> running(String id) {
        return Optional.ofNullable(running.get(id));
    }

    /** How many plugins are running (for the readiness probe). */
    public int runningCount() {
        return allRunning().size();
    }

    java.util.Collection<RunningPlugin> allRunning() {
        return running.values();
    }

    @Override
    public void close() {
        calls.close();
        for (String id : List.copyOf(running.keySet())) unload(id);
    }
}
