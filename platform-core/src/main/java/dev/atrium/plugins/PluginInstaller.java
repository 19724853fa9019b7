package dev.atrium.plugins;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.PluginDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How jars become running plugins: at start-up from the plugin directory, and at run time from an upload
 * (staged, verified, moved into place, started; the previous version put back when the new one fails).
 * Works on the {@link PluginHost}'s state under its lifecycle lock.
 */
final class PluginInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(PluginInstaller.class);

    private final PluginHost host;
    private final Pool pool;
    private final PluginConfig config;
    private final PluginTrust trust;
    private final PluginLoader loader;
    private final Map<String, RunningPlugin> running;
    private final Map<String, String> errors;
    private final Map<String, PluginFieldType> fieldTypes;
    private final Map<String, Path> files;

    PluginInstaller(
            PluginHost host,
            Pool pool,
            PluginConfig config,
            PluginTrust trust,
            PluginLoader loader,
            Map<String, RunningPlugin> running,
            Map<String, String> errors,
            Map<String, PluginFieldType> fieldTypes,
            Map<String, Path> files) {
        this.host = host;
        this.pool = pool;
        this.config = config;
        this.trust = trust;
        this.loader = loader;
        this.running = running;
        this.errors = errors;
        this.fieldTypes = fieldTypes;
        this.files = files;
    }

    /** See {@link PluginHost#loadInstalled()}. */
    void loadInstalled() {
        for (Row r : pool.query("SELECT name, plugin_id, max_length FROM atrium.plugin_field_types")
                .execute()
                .await()) {
            fieldTypes.computeIfAbsent(
                    r.getString("name"),
                    n -> new PluginFieldType(n, r.getString("plugin_id"), r.getInteger("max_length"), host));
        }
        Map<String, Boolean> stopped = new ConcurrentHashMap<>();
        for (Row r : pool.query("SELECT id, started, last_error FROM atrium.plugins")
                .execute()
                .await()) {
            stopped.put(r.getString("id"), !r.getBoolean("started"));
            if (r.getString("last_error") != null) errors.put(r.getString("id"), r.getString("last_error"));
        }
        PluginDirectory.cleanUp(config.dir());
        List<Path> pending = new ArrayList<>(PluginDirectory.jars(config.dir()));
        for (int round = 0; round < 5 && !pending.isEmpty(); round++) {
            List<Path> next = new ArrayList<>();
            for (Path jar : pending) {
                String id = jar.getFileName().toString();
                try {
                    PluginDescriptor d = loader.descriptor(jar);
                    id = d.getPluginId();
                    files.put(id, jar);
                    record(id, d.getVersion(), jar);
                    if (stopped.getOrDefault(id, false)) continue;
                    if (loader.missingDependencies(d, running) != null) {
                        next.add(jar);
                        continue;
                    }
                    host.started(loader.start(jar, d));
                    errors.remove(id);
                } catch (PluginRefused e) {
                    LOG.error("plugin jar {} not started: {}", jar.getFileName(), e.getMessage());
                    failedToLoad(id, e.getMessage());
                }
            }
            pending = next;
        }
        for (Path jar : pending) {
            LOG.error("plugin jar {} not started: a plugin it requires is missing", jar.getFileName());
        }
    }

    /** A directory jar gets its row, so stopping it is remembered and it is listed while stopped. */
    private void record(String id, String version, Path jar) {
        pool.preparedQuery("INSERT INTO atrium.plugins (id, version, sha256, started) VALUES ($1, $2, $3, true)"
                        + " ON CONFLICT (id) DO UPDATE SET version = $2, sha256 = $3")
                .execute(Tuple.of(id, version, PluginDirectory.sha256(jar)))
                .await();
    }

    private void failedToLoad(String id, String message) {
        errors.put(id, message);
        pool.preparedQuery("UPDATE atrium.plugins SET last_error = $2, updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id, message))
                .await();
    }

    /** See {@link PluginHost#install(byte[])}; the caller holds the lifecycle lock. */
    JsonObject install(byte[] jar) throws PluginRefused {
        if (jar.length == 0) throw new PluginRefused("the upload is empty; send the plugin jar as the request body");
        JarSafety.check(jar);
        Path staging = config.dir().resolve(".staging-" + UUID.randomUUID() + ".jar");
        Path previous = null;
        try {
            Files.write(staging, jar);
            PluginDescriptor d = loader.descriptor(staging);
            String missing = loader.missingDependencies(d, running);
            if (missing != null) throw new PluginRefused(missing);
            trust.verify(staging);
            Path target = config.dir()
                    .resolve(d.getPluginId() + "-" + d.getVersion() + ".jar")
                    .normalize();
            if (!target.getParent().equals(config.dir().normalize()))
                throw new PluginRefused("the plugin id makes an unsafe file name");
            RunningPlugin old = running.get(d.getPluginId());
            Path oldFile = old != null ? old.file() : host.existingFile(d.getPluginId());
            if (old != null) host.unload(old.id());
            if (oldFile != null) {
                previous = config.dir().resolve(".previous-" + oldFile.getFileName());
                move(oldFile, previous);
            }
            move(staging, target);
            RunningPlugin r;
            try {
                r = loader.start(target, d);
            } catch (PluginRefused e) {
                Files.deleteIfExists(target);
                if (previous != null) putBack(previous, oldFile, old != null);
                previous = null;
                throw e;
            }
            if (previous != null) Files.deleteIfExists(previous);
            previous = null;
            host.started(r);
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
            pool.preparedQuery("INSERT INTO atrium.plugins (id, version, sha256, started, last_error)"
                            + " VALUES ($1, $2, $3, true, NULL) ON CONFLICT (id) DO UPDATE SET version = $2,"
                            + " sha256 = $3, started = true, last_error = NULL, updated_at = now()")
                    .execute(Tuple.of(r.id(), r.version(), sha))
                    .await();
            errors.remove(r.id());
            LOG.info(
                    "plugin {} {} installed{}",
                    r.id(),
                    r.version(),
                    old != null ? " (upgraded from " + old.version() + ")" : "");
            return host.describe(r.id(), null);
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

    /** The previous version's jar goes back where it was and, if it was running, starts again. */
    private void putBack(Path previous, Path oldFile, boolean wasRunning) throws IOException {
        move(previous, oldFile);
        if (!wasRunning) return;
        try {
            host.started(loader.start(oldFile, loader.descriptor(oldFile)));
        } catch (PluginRefused e) {
            LOG.error("the previous version of a plugin did not start again: {}", e.getMessage());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
