package dev.atrium.plugins;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the plugin host runs.
 *
 * @param dir where plugin jars live ({@code ATRIUM_PLUGIN_DIR}, default {@code <data dir>/plugins})
 * @param trust certificates (PEM or DER files) whose keys may sign plugins ({@code ATRIUM_PLUGIN_TRUST}, comma
 *        separated)
 * @param devMode accept unsigned jars, with a warning on every load ({@code ATRIUM_PLUGIN_DEV=true}); never in
 *        production
 * @param callTimeout deadline of one extension call ({@code ATRIUM_PLUGIN_TIMEOUT_MS}, default 5000)
 * @param failuresToDisable failed calls in a row after which a plugin is stopped
 * @param trustDevKey also trust the development key the shipped plugins are signed with
 *                    ({@code ATRIUM_PLUGIN_TRUST_DEV_KEY=true}; {@code ./atrium demo} sets it). Its private key is
 *                    public: never in production.
 */
public record PluginConfig(
        Path dir, List<Path> trust, boolean devMode, Duration callTimeout, int failuresToDisable, boolean trustDevKey) {

    public PluginConfig {
        trust = List.copyOf(trust);
    }

    public static PluginConfig load(Path dataDir) {
        String dir = System.getenv("ATRIUM_PLUGIN_DIR");
        List<Path> trust = new ArrayList<>();
        String t = System.getenv("ATRIUM_PLUGIN_TRUST");
        if (t != null && !t.isBlank()) for (String p : t.split(",")) trust.add(Path.of(p.trim()));
        String timeout = System.getenv("ATRIUM_PLUGIN_TIMEOUT_MS");
        return new PluginConfig(
                dir == null || dir.isBlank() ? dataDir.resolve("plugins") : Path.of(dir),
                trust,
                Boolean.parseBoolean(System.getenv("ATRIUM_PLUGIN_DEV")),
                Duration.ofMillis(timeout == null || timeout.isBlank() ? 5000 : Long.parseLong(timeout)),
                5,
                Boolean.parseBoolean(System.getenv("ATRIUM_PLUGIN_TRUST_DEV_KEY")));
    }

    public PluginConfig withTrust(List<Path> certs) {
        return new PluginConfig(dir, certs, devMode, callTimeout, failuresToDisable, trustDevKey);
    }

    public PluginConfig withDir(Path newDir) {
        return new PluginConfig(newDir, trust, devMode, callTimeout, failuresToDisable, trustDevKey);
    }

    public PluginConfig withTimeout(Duration d) {
        return new PluginConfig(dir, trust, devMode, d, failuresToDisable, trustDevKey);
    }

    public PluginConfig withDevKeyTrusted(boolean trusted) {
        return new PluginConfig(dir, trust, devMode, callTimeout, failuresToDisable, trusted);
    }

    public PluginConfig withDevMode(boolean dev) {
        return new PluginConfig(dir, trust, dev, callTimeout, failuresToDisable, trustDevKey);
    }
}
