package dev.atrium.plugins;

import dev.atrium.db.Notifications;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.AtriumExtension;
import dev.atrium.plugin.api.ConfigProperty;
import dev.atrium.plugin.api.EventListener;
import dev.atrium.plugin.api.FieldTypeExtension;
import dev.atrium.plugin.api.HttpRoute;
import dev.atrium.plugin.api.RecordTrigger;
import dev.atrium.plugin.api.ScheduledJob;
import dev.atrium.plugin.api.ScriptFunction;
import dev.atrium.plugin.api.TemplateContribution;
import dev.atrium.plugin.api.UiContribution;
import dev.atrium.plugin.api.WorkflowAction;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.pf4j.JarPluginManager;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, verifies, starts, stops and unloads PF4J plugins while the platform runs, and tells the rest of
 * the platform which extensions exist. Jars live in one directory; the platform-wide state (stopped or
 * not, the last error) and each tenant's enablement, settings and granted access live in PostgreSQL.
 *
 * <p>Lifecycle: {@link #install} (verify the archive, the signature, the descriptor, the platform version
 * and the required plugins; then copy into the directory and start), {@link #stop}, {@link #restart},
 * {@link #remove} (stop, unload, which closes the class loader, and delete the jar). An upload with the
 * id of an installed plugin upgrades it: the new jar is verified completely before the old one stops.
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    public static final String PLATFORM_VERSION = "0.1.0";
    public static final String CHANNEL = "atrium_plugins";
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{1,39}");
    private static final java.util.regex.Pattern EXT_ID = java.util.regex.Pattern.compile("[a-z][a-z0-9_-]{0,39}");

    /** Extensions of one started plugin, found once when it starts. */
    record Extensions(
            List<FieldTypeExtension> fieldTypes,
            List<WorkflowAction> actions,
            List<RecordTrigger> triggers,
            List<HttpRoute> routes,
            List<ScriptFunction> functions,
            List<EventListener> listeners,
            List<ScheduledJob> jobs,
            List<TemplateContribution> templates,
            List<UiContribution> ui) {
        List<AtriumExtension> all() {
            List<AtriumExtension> out = new ArrayList<>();
            out.addAll(fieldTypes);
            out.addAll(actions);
            out.addAll(triggers);
            out.addAll(routes);
            out.addAll(functions);
            out.addAll(listeners);
            out.addAll(jobs);
            out.addAll(templates);
            out.addAll(ui);
            return out;
        }
    }

    /** A plugin whose classes are loaded and whose extensions serve calls. */
    record Running(
            String id,
            String version,
            String description,
            String provider,
            String requires,
            String signer,
            Path file,
            Extensions extensions) {
        List<ConfigProperty> settings() {
            Map<String, ConfigProperty> m = new LinkedHashMap<>();
            for (AtriumExtension e : extensions.all()) for (ConfigProperty p : e.settings()) m.putIfAbsent(p.name(), p);
            return List.copyOf(m.values());
        }

        List<AccessNeed> access() {
            Map<String, Set<String>> m = new TreeMap<>();
            for (AtriumExtension e : extensions.all()) {
                for (AccessNeed n : e.access())
                    m.computeIfAbsent(n.entity(), k -> new TreeSet<>()).addAll(n.operations());
            }
            List<AccessNeed> out = new ArrayList<>();
            m.forEach((k, v) -> out.add(new AccessNeed(k, v)));
            return out;
        }
    }

    /** One tenant's view of a plugin. */
    public record TenantPlugin(boolean enabled, Map<String, String> settings, List<AccessNeed> granted) {}

    private final Pool pool;
    private final PluginConfig config;
    private final PluginTrust trust;
    private final PluginCalls calls;
    private final PluginManager pf4j;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final Map<String, PluginFieldType> fieldTypes = new ConcurrentHashMap<>();
    /** Installed jar of each plugin id, started or not (files in the directory may have any name). */
    private final Map<String, Path> files = new ConcurrentHashMap<>();

    private final Map<UUID, Map<String, TenantPlugin>> tenants = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private volatile PluginServices services;

    public PluginHost(Pool pool, PluginConfig config) {
        this.pool = pool;
        this.config = config;
        this.trust = PluginTrust.of(config);
        this.calls = new PluginCalls(config.callTimeout(), config.failuresToDisable(), this::autoStop, this::loaderOf);
        try {
            Files.createDirectories(config.dir());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the plugin directory " + config.dir() + ": " + e.getMessage(), e);
        }
        JarPluginManager m = new JarPluginManager(config.dir());
        m.setSystemVersion(PLATFORM_VERSION);
        this.pf4j = m;
    }

    private ClassLoader loaderOf(String plugin) {
        var w = pf4j == null ? null : pf4j.getPlugin(plugin);
        return w == null ? null : w.getPluginClassLoader();
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

    /** Loads every jar of the plugin directory (verified like an upload) and starts those not stopped. Awaits. */
    public void loadInstalled() {
        for (Row r : pool.query("SELECT name, plugin_id, max_length FROM atrium.plugin_field_types")
                .execute()
                .await()) {
            fieldTypes.computeIfAbsent(
                    r.getString("name"),
                    n -> new PluginFieldType(n, r.getString("plugin_id"), r.getInteger("max_length"), this));
        }
        Map<String, Boolean> stopped = new ConcurrentHashMap<>();
        for (Row r : pool.query("SELECT id, started, last_error FROM atrium.plugins")
                .execute()
                .await()) {
            stopped.put(r.getString("id"), !r.getBoolean("started"));
            if (r.getString("last_error") != null) errors.put(r.getString("id"), r.getString("last_error"));
        }
        List<Path> jars;
        try (var s = Files.list(config.dir())) {
            jars = s.filter(p -> p.toString().endsWith(".jar")
                            && !p.getFileName().toString().startsWith(".staging-")
                            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (var s = Files.list(config.dir())) {
            for (Path leftover : s.filter(p -> p.getFileName().toString().startsWith(".staging-"))
                    .toList()) Files.deleteIfExists(leftover);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> pending = new ArrayList<>(jars);
        for (int round = 0; round < 5 && !pending.isEmpty(); round++) {
            List<Path> next = new ArrayList<>();
            for (Path jar : pending) {
                try {
                    PluginDescriptor d = descriptor(jar);
                    files.put(d.getPluginId(), jar);
                    if (stopped.getOrDefault(d.getPluginId(), false)) continue;
                    if (!dependenciesMet(d)) {
                        next.add(jar);
                        continue;
                    }
                    startJar(jar, d);
                } catch (PluginRefused e) {
                    LOG.error("plugin jar {} refused: {}", jar.getFileName(), e.getMessage());
                    errors.put(jar.getFileName().toString(), e.getMessage());
                }
            }
            pending = next;
        }
        for (Path jar : pending)
            LOG.error("plugin jar {} not started: a plugin it requires is missing", jar.getFileName());
    }

    /**
     * Installs (or upgrades) a plugin from an uploaded jar. Everything is checked before the plugin
     * directory changes; a refused upload leaves no trace. Returns the plugin's description.
     */
    public JsonObject install(byte[] jar) throws PluginRefused {
        if (jar.length == 0) throw new PluginRefused("the upload is empty; send the plugin jar as the request body");
        JarSafety.check(jar);
        synchronized (lifecycle) {
            Path staging = config.dir().resolve(".staging-" + UUID.randomUUID() + ".jar");
            try {
                Files.write(staging, jar);
                PluginDescriptor d = descriptor(staging);
                if (!dependenciesMet(d)) throw new PluginRefused(missingDependencies(d));
                trust.verify(staging);
                Path target = config.dir()
                        .resolve(d.getPluginId() + "-" + d.getVersion() + ".jar")
                        .normalize();
                if (!target.getParent().equals(config.dir().normalize()))
                    throw new PluginRefused("the plugin id makes an unsafe file name");
                Running old = running.get(d.getPluginId());
                Path oldFile = old != null ? old.file() : existingFile(d.getPluginId());
                if (old != null) unload(old.id());
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (oldFile != null && !oldFile.equals(target)) Files.deleteIfExists(oldFile);
                Running r;
                try {
                    r = startJar(target, d);
                } catch (PluginRefused | RuntimeException e) {
                    Files.deleteIfExists(target);
                    throw e;
                }
                String sha = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
                pool.preparedQuery(
                                "INSERT INTO atrium.plugins (id, version, sha256, started, last_error) VALUES ($1, $2, $3, true, NULL) "
                                        + "ON CONFLICT (id) DO UPDATE SET version = $2, sha256 = $3, started = true, last_error = NULL, updated_at = now()")
                        .execute(Tuple.of(r.id(), r.version(), sha))
                        .await();
                errors.remove(r.id());
                LOG.info(
                        "plugin {} {} installed{}",
                        r.id(),
                        r.version(),
                        old != null ? " (upgraded from " + old.version() + ")" : "");
                return describe(r.id(), null);
            } catch (IOException e) {
                throw new PluginRefused("cannot write to the plugin directory: " + e.getMessage());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            } finally {
                try {
                    Files.deleteIfExists(staging);
                } catch (IOException ignored) {
                    // the staging file is removed at the next start at the latest
                }
            }
        }
    }

    private Path existingFile(String id) {
        Path known = files.get(id);
        if (known != null && Files.isRegularFile(known)) return known;
        try (var s = Files.list(config.dir())) {
            return s.filter(p ->
                            p.getFileName().toString().matches(java.util.regex.Pattern.quote(id) + "-[0-9].*\\.jar"))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private PluginDescriptor descriptor(Path jar) throws PluginRefused {
        PluginDescriptor d;
        try {
            d = new ManifestPluginDescriptorFinder().find(jar);
        } catch (RuntimeException e) {
            throw new PluginRefused(
                    "the jar has no plugin descriptor (Plugin-Id and Plugin-Version in META-INF/MANIFEST.MF): "
                            + e.getMessage());
        }
        if (d.getPluginId() == null || !ID.matcher(d.getPluginId()).matches()) {
            throw new PluginRefused("the Plugin-Id \"" + d.getPluginId()
                    + "\" is invalid: 2-40 lower case letters, digits and -, starting with a letter");
        }
        if (d.getVersion() == null || !d.getVersion().matches("[0-9]+\\.[0-9]+\\.[0-9]+([-+][A-Za-z0-9.-]+)?")) {
            throw new PluginRefused("the Plugin-Version \"" + d.getVersion() + "\" of " + d.getPluginId()
                    + " is not a semantic version like 1.2.0");
        }
        String requires = d.getRequires();
        if (requires != null && !requires.isBlank() && !requires.equals("*")) {
            boolean ok;
            try {
                ok = pf4j.getVersionManager().checkVersionConstraint(PLATFORM_VERSION, requires);
            } catch (RuntimeException e) {
                throw new PluginRefused("the Plugin-Requires \"" + requires + "\" of " + d.getPluginId()
                        + " is not a version range: " + e.getMessage());
            }
            if (!ok) {
                throw new PluginRefused("plugin " + d.getPluginId() + " " + d.getVersion() + " requires Atrium "
                        + requires + ", but this platform is " + PLATFORM_VERSION);
            }
        }
        return d;
    }

    private boolean dependenciesMet(PluginDescriptor d) {
        return missingDependencies(d) == null;
    }

    private String missingDependencies(PluginDescriptor d) {
        for (PluginDependency dep : d.getDependencies()) {
            if (dep.isOptional()) continue;
            Running r = running.get(dep.getPluginId());
            String range = dep.getPluginVersionSupport();
            if (r == null) {
                return "plugin " + d.getPluginId() + " requires the plugin " + dep.getPluginId() + " (" + range
                        + "), which is not installed and started";
            }
            if (range != null
                    && !range.equals("*")
                    && !pf4j.getVersionManager().checkVersionConstraint(r.version(), range)) {
                return "plugin " + d.getPluginId() + " requires " + dep.getPluginId() + " " + range + ", but "
                        + r.version() + " is installed";
            }
        }
        return null;
    }

    private Running startJar(Path jar, PluginDescriptor d) throws PluginRefused {
        PluginTrust.Verdict verdict = trust.verify(jar);
        String id;
        try {
            id = pf4j.loadPlugin(jar);
        } catch (RuntimeException e) {
            throw new PluginRefused("PF4J could not load " + d.getPluginId() + ": " + e.getMessage());
        }
        try {
            PluginState state = pf4j.startPlugin(id);
            if (state != PluginState.STARTED) {
                Throwable why = pf4j.getPlugin(id).getFailedException();
                throw new PluginRefused("plugin " + id + " did not start (" + state + ")"
                        + (why == null ? "" : ": " + why.getMessage()));
            }
            Extensions ext = new Extensions(
                    find(FieldTypeExtension.class, id),
                    find(WorkflowAction.class, id),
                    find(RecordTrigger.class, id),
                    find(HttpRoute.class, id),
                    find(ScriptFunction.class, id),
                    find(EventListener.class, id),
                    find(ScheduledJob.class, id),
                    find(TemplateContribution.class, id),
                    find(UiContribution.class, id));
            checkExtensions(id, ext);
            for (FieldTypeExtension f : ext.fieldTypes()) {
                PluginFieldType known = fieldTypes.get(f.id());
                if (known != null && !known.plugin().equals(id)) {
                    throw new PluginRefused("plugin " + id + " declares the field type " + f.id()
                            + ", which the plugin " + known.plugin() + " already provides");
                }
            }
            for (FieldTypeExtension f : ext.fieldTypes()) {
                fieldTypes.put(f.id(), new PluginFieldType(f.id(), id, f.maxLength(), this));
                pool.preparedQuery(
                                "INSERT INTO atrium.plugin_field_types (name, plugin_id, max_length) VALUES ($1, $2, $3) "
                                        + "ON CONFLICT (name) DO UPDATE SET plugin_id = $2, max_length = GREATEST(atrium.plugin_field_types.max_length, $3)")
                        .execute(Tuple.of(f.id(), id, f.maxLength()))
                        .await();
            }
            Running r = new Running(
                    id,
                    d.getVersion(),
                    d.getPluginDescription(),
                    d.getProvider(),
                    d.getRequires(),
                    verdict.signer(),
                    jar,
                    ext);
            running.put(id, r);
            files.put(id, jar);
            calls.forget(id);
            return r;
        } catch (PluginRefused | RuntimeException e) {
            try {
                pf4j.unloadPlugin(id);
            } catch (RuntimeException ignored) {
                // already gone
            }
            if (e instanceof PluginRefused pr) throw pr;
            throw new PluginRefused("plugin " + d.getPluginId() + " failed to start: " + e);
        }
    }

    private <T> List<T> find(Class<T> type, String id) {
        return List.copyOf(pf4j.getExtensions(type, id));
    }

    private static void checkExtensions(String plugin, Extensions ext) throws PluginRefused {
        Set<String> seen = new java.util.HashSet<>();
        for (AtriumExtension e : ext.all()) {
            String id = e.id();
            if (id == null || !EXT_ID.matcher(id).matches()) {
                throw new PluginRefused("plugin " + plugin + ": the extension "
                        + e.getClass().getName() + " has the invalid id \"" + id + "\"");
            }
            String kind = kind(e);
            if (!seen.add(kind + ":" + id))
                throw new PluginRefused("plugin " + plugin + " has two " + kind + " extensions with the id " + id);
        }
        for (FieldTypeExtension f : ext.fieldTypes()) {
            if (!f.id().matches("[a-z][a-z0-9_]*"))
                throw new PluginRefused(
                        "plugin " + plugin + ": field type id " + f.id() + " may hold only a-z, 0-9 and _");
            if (f.maxLength() < 1 || f.maxLength() > 10_000)
                throw new PluginRefused(
                        "plugin " + plugin + ": field type " + f.id() + " has maxLength " + f.maxLength());
        }
    }

    static String kind(AtriumExtension e) {
        if (e instanceof FieldTypeExtension) return "field-type";
        if (e instanceof WorkflowAction) return "workflow-action";
        if (e instanceof RecordTrigger) return "record-trigger";
        if (e instanceof HttpRoute) return "http-route";
        if (e instanceof ScriptFunction) return "script-function";
        if (e instanceof EventListener) return "event-listener";
        if (e instanceof ScheduledJob) return "scheduled-job";
        if (e instanceof TemplateContribution) return "template";
        if (e instanceof UiContribution) return "ui";
        return "extension";
    }

    private void unload(String id) {
        running.remove(id);
        try {
            pf4j.stopPlugin(id);
        } catch (RuntimeException e) {
            LOG.warn("plugin {} failed while stopping: {}", id, e.getMessage());
        }
        try {
            pf4j.unloadPlugin(id);
        } catch (RuntimeException e) {
            LOG.warn("plugin {} failed while unloading: {}", id, e.getMessage());
        }
    }

    /** Stops a plugin on every node's next start too; its class loader is closed. */
    public void stop(String id, String reason) {
        synchronized (lifecycle) {
            Running r = running.get(id);
            if (r == null && existingFile(id) == null) throw ApiProblem.notFound("there is no plugin \"" + id + "\"");
            for (Running other : running.values()) {
                for (PluginDescriptor od : List.of(descriptorOf(other))) {
                    for (PluginDependency dep : od.getDependencies()) {
                        if (dep.getPluginId().equals(id) && !dep.isOptional()) {
                            throw ApiProblem.conflict(
                                    "plugin-required",
                                    "plugin " + other.id() + " requires " + id + "; stop or remove it first");
                        }
                    }
                }
            }
            if (r != null) unload(id);
            if (reason != null) errors.put(id, reason);
            pool.preparedQuery(
                            "UPDATE atrium.plugins SET started = false, last_error = $2, updated_at = now() WHERE id = $1")
                    .execute(Tuple.of(id, reason))
                    .await();
        }
    }

    private PluginDescriptor descriptorOf(Running r) {
        try {
            return descriptor(r.file());
        } catch (PluginRefused e) {
            return new org.pf4j.DefaultPluginDescriptor(r.id(), "", "", r.version(), "", "", "");
        }
    }

    /** Starts a stopped plugin again (after verifying its jar once more). */
    public JsonObject restart(String id) {
        synchronized (lifecycle) {
            if (running.containsKey(id)) return describe(id, null);
            Path file = existingFile(id);
            if (file == null) throw ApiProblem.notFound("there is no plugin \"" + id + "\"");
            try {
                startJar(file, descriptor(file));
            } catch (PluginRefused e) {
                throw ApiProblem.conflict("plugin-refused", e.getMessage());
            }
            errors.remove(id);
            pool.preparedQuery(
                            "UPDATE atrium.plugins SET started = true, last_error = NULL, updated_at = now() WHERE id = $1")
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
            tenants.clear();
            LOG.info("plugin {} removed", id);
        }
    }

    private void autoStop(String id, String reason) {
        LOG.error("plugin {} is being stopped: {}", id, reason);
        Thread.ofVirtual().start(() -> {
            try {
                stop(id, "stopped automatically: " + reason);
            } catch (RuntimeException e) {
                LOG.warn("could not stop plugin {}: {}", id, e.getMessage());
            }
        });
    }

    // ---- tenants -------------------------------------------------------------------------------

    public void listen(Notifications notifications) {
        notifications.on(CHANNEL, payload -> {
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

    /** The tenant's plugin states (cached per node, refreshed through NOTIFY when any node changes them). */
    public Map<String, TenantPlugin> tenantPlugins(UUID tenant) {
        // never await inside computeIfAbsent: the map's bin lock would be held while the thread parks
        Map<String, TenantPlugin> cached = tenants.get(tenant);
        if (cached != null) return cached;
        Map<String, TenantPlugin> loaded = loadTenant(tenant);
        Map<String, TenantPlugin> raced = tenants.putIfAbsent(tenant, loaded);
        return raced != null ? raced : loaded;
    }

    private Map<String, TenantPlugin> loadTenant(UUID t) {
        {
            Map<String, TenantPlugin> m = new ConcurrentHashMap<>();
            for (Row r : pool.preparedQuery(
                            "SELECT plugin_id, enabled, settings, granted FROM atrium.plugin_tenants WHERE tenant_id = $1")
                    .execute(Tuple.of(t))
                    .await()) {
                Map<String, String> settings = new LinkedHashMap<>();
                r.getJsonObject("settings")
                        .forEach(en -> settings.put(
                                en.getKey(), en.getValue() == null ? null : String.valueOf(en.getValue())));
                List<AccessNeed> granted = new ArrayList<>();
                for (Object o : r.getJsonArray("granted")) {
                    JsonObject g = (JsonObject) o;
                    granted.add(new AccessNeed(
                            g.getString("entity"),
                            Set.copyOf(g.getJsonArray("operations").getList())));
                }
                m.put(r.getString("plugin_id"), new TenantPlugin(r.getBoolean("enabled"), settings, granted));
            }
            return m;
        }
    }

    /** The running plugin when it is enabled for the tenant, else empty. */
    Optional<Running> enabledFor(UUID tenant, String plugin) {
        Running r = running.get(plugin);
        if (r == null) return Optional.empty();
        TenantPlugin tp = tenantPlugins(tenant).get(plugin);
        return tp != null && tp.enabled() ? Optional.of(r) : Optional.empty();
    }

    /** Running plugins enabled for the tenant. */
    List<Running> enabled(UUID tenant) {
        List<Running> out = new ArrayList<>();
        Map<String, TenantPlugin> tp = tenantPlugins(tenant);
        for (Running r : running.values()) {
            TenantPlugin t = tp.get(r.id());
            if (t != null && t.enabled()) out.add(r);
        }
        out.sort(java.util.Comparator.comparing(Running::id));
        return out;
    }

    /**
     * Enables a plugin for a tenant: checks settings against the declared properties, grants the declared
     * access (the caller must confirm it), applies the plugin's metadata, all before it is marked enabled.
     */
    public JsonObject enable(Tenant tenant, String id, JsonObject settings, boolean grantAccess, UUID actor) {
        Running r = running.get(id);
        if (r == null)
            throw ApiProblem.conflict("plugin-not-running", "plugin \"" + id + "\" is not installed and started");
        List<AccessNeed> needs = r.access();
        if (!needs.isEmpty() && !grantAccess) {
            throw ApiProblem.invalidField(
                    "/grantAccess",
                    "plugin " + id + " needs " + describeNeeds(needs) + "; send \"grantAccess\": true to grant it");
        }
        TenantPlugin current = tenantPlugins(tenant.id()).get(id);
        Map<String, String> merged = Settings.merge(
                r.settings(),
                current == null ? Map.of() : current.settings(),
                settings == null ? new JsonObject() : settings);
        if (!r.extensions().templates().isEmpty()) services.applyTemplates(tenant, r, actor);
        save(tenant.id(), id, true, merged, needs);
        return describe(id, tenant.id());
    }

    /** Changes settings of an enabled or disabled plugin (secrets left out keep their value). */
    public JsonObject configure(Tenant tenant, String id, JsonObject settings) {
        Running r = running.get(id);
        if (r == null)
            throw ApiProblem.conflict("plugin-not-running", "plugin \"" + id + "\" is not installed and started");
        TenantPlugin current = tenantPlugins(tenant.id()).get(id);
        Map<String, String> merged =
                Settings.merge(r.settings(), current == null ? Map.of() : current.settings(), settings);
        save(
                tenant.id(),
                id,
                current != null && current.enabled(),
                merged,
                current == null ? List.of() : current.granted());
        return describe(id, tenant.id());
    }

    public JsonObject disable(Tenant tenant, String id) {
        if (!running.containsKey(id) && existingFile(id) == null)
            throw ApiProblem.notFound("there is no plugin \"" + id + "\"");
        TenantPlugin current = tenantPlugins(tenant.id()).get(id);
        save(tenant.id(), id, false, current == null ? Map.of() : current.settings(), List.of());
        return describe(id, tenant.id());
    }

    private void save(UUID tenant, String id, boolean enabled, Map<String, String> settings, List<AccessNeed> granted) {
        JsonArray g = new JsonArray();
        for (AccessNeed n : granted)
            g.add(new JsonObject()
                    .put("entity", n.entity())
                    .put("operations", new JsonArray(new ArrayList<>(new TreeSet<>(n.operations())))));
        Tx.run(pool, conn -> {
            conn.preparedQuery(
                            "INSERT INTO atrium.plugin_tenants (tenant_id, plugin_id, enabled, settings, granted) VALUES ($1, $2, $3, $4, $5) "
                                    + "ON CONFLICT (tenant_id, plugin_id) DO UPDATE SET enabled = $3, settings = $4, granted = $5, updated_at = now()")
                    .execute(Tuple.of(tenant, id, enabled, new JsonObject(new LinkedHashMap<>(settings)), g))
                    .await();
            conn.preparedQuery("SELECT pg_notify($1, $2)")
                    .execute(Tuple.of(CHANNEL, tenant.toString()))
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

    // ---- descriptions --------------------------------------------------------------------------

    /** Every installed plugin with its state, errors, extensions, settings form and (with a tenant) its enablement. */
    public JsonArray list(UUID tenant) {
        Set<String> ids = new TreeSet<>(running.keySet());
        for (Row r : pool.query("SELECT id FROM atrium.plugins").execute().await()) ids.add(r.getString("id"));
        JsonArray out = new JsonArray();
        for (String id : ids) out.add(describe(id, tenant));
        return out;
    }

    public JsonObject describe(String id, UUID tenant) {
        Running r = running.get(id);
        JsonObject o = new JsonObject().put("id", id);
        if (r != null) {
            o.put("version", r.version())
                    .put("state", "started")
                    .put("description", r.description())
                    .put("provider", r.provider())
                    .put("requires", r.requires())
                    .put("signedBy", r.signer());
            JsonArray ext = new JsonArray();
            for (AtriumExtension e : r.extensions().all())
                ext.add(new JsonObject().put("kind", kind(e)).put("id", e.id()));
            o.put("extensions", ext);
            JsonArray settings = new JsonArray();
            for (ConfigProperty p : r.settings()) {
                settings.add(new JsonObject()
                        .put("name", p.name())
                        .put("label", p.label())
                        .put("help", p.help())
                        .put("type", p.type().name().toLowerCase())
                        .put("required", p.required())
                        .put("secret", p.secret())
                        .put("default", p.defaultValue()));
            }
            o.put("settings", settings);
            JsonArray access = new JsonArray();
            for (AccessNeed n : r.access())
                access.add(new JsonObject()
                        .put("entity", n.entity())
                        .put("operations", new JsonArray(new ArrayList<>(new TreeSet<>(n.operations())))));
            o.put("access", access);
            o.put("callsRunning", calls.running(id));
        } else {
            var rows = pool.preparedQuery("SELECT version FROM atrium.plugins WHERE id = $1")
                    .execute(Tuple.of(id))
                    .await();
            o.put("version", rows.size() == 0 ? null : rows.iterator().next().getString("version"))
                    .put("state", "stopped");
        }
        o.put("error", errors.get(id));
        if (tenant != null) {
            TenantPlugin tp = tenantPlugins(tenant).get(id);
            o.put("enabled", tp != null && tp.enabled() && r != null);
            JsonObject values = new JsonObject();
            if (tp != null && r != null) {
                for (ConfigProperty p : r.settings()) {
                    String v = tp.settings().get(p.name());
                    values.put(p.name(), p.secret() ? (v == null || v.isEmpty() ? null : "********") : v);
                }
            }
            o.put("values", values);
        }
        return o;
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
        Running r = running.get(plugin);
        if (r == null) return Optional.empty();
        return r.extensions().fieldTypes().stream()
                .filter(f -> f.id().equals(name))
                .findFirst();
    }

    /** Field types of started plugins, for the object manager. */
    public JsonArray fieldTypeCatalog() {
        JsonArray out = new JsonArray();
        for (Running r : running.values()) {
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

    Optional<Running> running(String id) {
        return Optional.ofNullable(running.get(id));
    }

    java.util.Collection<Running> allRunning() {
        return running.values();
    }

    @Override
    public void close() {
        calls.close();
        for (String id : List.copyOf(running.keySet())) unload(id);
    }
}
