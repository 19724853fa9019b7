package dev.atrium.plugins;

import dev.atrium.plugin.api.AtriumExtension;
import dev.atrium.plugin.api.EventListener;
import dev.atrium.plugin.api.FieldTypeExtension;
import dev.atrium.plugin.api.HttpRoute;
import dev.atrium.plugin.api.RecordTrigger;
import dev.atrium.plugin.api.ScheduledJob;
import dev.atrium.plugin.api.ScriptFunction;
import dev.atrium.plugin.api.TemplateContribution;
import dev.atrium.plugin.api.UiContribution;
import dev.atrium.plugin.api.UploadScanner;
import dev.atrium.plugin.api.WorkflowAction;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.pf4j.JarPluginManager;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a verified jar into a started plugin and back: the descriptor (id, semantic version, the
 * platform versions it requires, the plugins it requires), the signature, PF4J's load and start, and the
 * checks on what its extensions declare. Anything a plugin's own code throws while loading (a truncated
 * class is a {@code ClassFormatError}, a failing static initializer an {@code ExceptionInInitializerError})
 * becomes a {@link PluginRefused} and the plugin is unloaded again: a bad jar never leaves a half-loaded
 * plugin behind. The only class that calls PF4J.
 */
final class PluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    private static final Pattern EXT_ID = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

    private final PluginManager pf4j;
    private final PluginTrust trust;
    private final Pool pool;
    private final Map<String, PluginFieldType> fieldTypes;
    private final PluginHost host;

    PluginLoader(Path dir, PluginTrust trust, Pool pool, Map<String, PluginFieldType> fieldTypes, PluginHost host) {
        this.host = host;
        JarPluginManager m = new JarPluginManager(dir);
        m.setSystemVersion(PluginHost.PLATFORM_VERSION);
        this.pf4j = m;
        this.trust = trust;
        this.pool = pool;
        this.fieldTypes = fieldTypes;
    }

    ClassLoader classLoaderOf(String plugin) {
        var w = pf4j.getPlugin(plugin);
        return w == null ? null : w.getPluginClassLoader();
    }

    PluginDescriptor descriptor(Path jar) throws PluginRefused {
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
                ok = pf4j.getVersionManager().checkVersionConstraint(PluginHost.PLATFORM_VERSION, requires);
            } catch (RuntimeException e) {
                throw new PluginRefused("the Plugin-Requires \"" + requires + "\" of " + d.getPluginId()
                        + " is not a version range: " + e.getMessage());
            }
            if (!ok) {
                throw new PluginRefused("plugin " + d.getPluginId() + " " + d.getVersion() + " requires Atrium "
                        + requires + ", but this platform is " + PluginHost.PLATFORM_VERSION);
            }
        }
        return d;
    }

    /** Why the plugins {@code d} requires are not there (null when they are). */
    String missingDependencies(PluginDescriptor d, Map<String, RunningPlugin> running) {
        for (PluginDependency dep : d.getDependencies()) {
            if (dep.isOptional()) continue;
            RunningPlugin r = running.get(dep.getPluginId());
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

    /** Whether {@code other} requires the plugin {@code id}. */
    boolean requires(RunningPlugin other, String id) {
        try {
            for (PluginDependency dep : descriptor(other.file()).getDependencies()) {
                if (dep.getPluginId().equals(id) && !dep.isOptional()) return true;
            }
        } catch (PluginRefused unreadable) {
            return false;
        }
        return false;
    }

    /** Loads and starts a verified jar; on any failure nothing of it stays loaded. */
    RunningPlugin start(Path jar, PluginDescriptor d) throws PluginRefused {
        PluginTrust.Verdict verdict = trust.verify(jar);
        String id;
        try {
            id = pf4j.loadPlugin(jar);
        } catch (RuntimeException | LinkageError e) {
            throw new PluginRefused("PF4J could not load " + d.getPluginId() + ": " + e);
        }
        try {
            PluginState state = pf4j.startPlugin(id);
            if (state != PluginState.STARTED) {
                Throwable why = pf4j.getPlugin(id).getFailedException();
                throw new PluginRefused(
                        "plugin " + id + " did not start (" + state + ")" + (why == null ? "" : ": " + why));
            }
            PluginExtensions ext = new PluginExtensions(
                    find(FieldTypeExtension.class, id),
                    find(WorkflowAction.class, id),
                    find(RecordTrigger.class, id),
                    find(HttpRoute.class, id),
                    find(ScriptFunction.class, id),
                    find(EventListener.class, id),
                    find(ScheduledJob.class, id),
                    find(TemplateContribution.class, id),
                    find(UiContribution.class, id),
                    find(UploadScanner.class, id));
            checkExtensions(id, ext);
            registerFieldTypes(id, ext);
            return new RunningPlugin(
                    id,
                    d.getVersion(),
                    d.getPluginDescription(),
                    d.getProvider(),
                    d.getRequires(),
                    verdict.signer(),
                    jar,
                    ext);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) throw (Error) e;
            unload(id);
            if (e instanceof PluginRefused pr) throw pr;
            throw new PluginRefused("plugin " + d.getPluginId() + " failed to start: " + e);
        }
    }

    private void registerFieldTypes(String id, PluginExtensions ext) throws PluginRefused {
        for (FieldTypeExtension f : ext.fieldTypes()) {
            PluginFieldType known = fieldTypes.get(f.id());
            if (known != null && !known.plugin().equals(id)) {
                throw new PluginRefused("plugin " + id + " declares the field type " + f.id() + ", which the plugin "
                        + known.plugin() + " already provides");
            }
        }
        for (FieldTypeExtension f : ext.fieldTypes()) {
            fieldTypes.put(f.id(), new PluginFieldType(f.id(), id, f.maxLength(), host));
            pool.preparedQuery("INSERT INTO atrium.plugin_field_types (name, plugin_id, max_length) VALUES ($1, $2, $3)"
                            + " ON CONFLICT (name) DO UPDATE SET plugin_id = $2,"
                            + " max_length = GREATEST(atrium.plugin_field_types.max_length, $3)")
                    .execute(Tuple.of(f.id(), id, f.maxLength()))
                    .await();
        }
    }

    void unload(String id) {
        try {
            pf4j.stopPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("plugin {} failed while stopping: {}", id, e.toString());
        }
        try {
            pf4j.unloadPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("plugin {} failed while unloading: {}", id, e.toString());
        }
    }

    private <T> List<T> find(Class<T> type, String id) {
        return List.copyOf(pf4j.getExtensions(type, id));
    }

    private static void checkExtensions(String plugin, PluginExtensions ext) throws PluginRefused {
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
        if (e instanceof UploadScanner) return "upload-scanner";
        if (e instanceof UiContribution) return "ui";
        return "extension";
    }
}
