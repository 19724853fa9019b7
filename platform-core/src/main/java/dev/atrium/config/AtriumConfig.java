package dev.atrium.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Settings, from (highest first) command-line flags, environment variables ({@code ATRIUM_*}), the
 * config file ({@code atrium.properties} in the working directory, or {@code ATRIUM_CONFIG}), defaults.
 *
 * @param dbUrl external PostgreSQL JDBC URL; null starts the embedded PostgreSQL under {@code dataDir}
 * @param port HTTP port; 0 picks a free one
 * @param secureCookies mark session cookies Secure (set when served over HTTPS)
 * @param drainSeconds on stop, how long requests and jobs in flight may take to finish
 * @param dbPoolUrl where the connection pool connects when not to {@code dbUrl}: a connection pooler
 *                  (PgBouncer in transaction mode); migrations and LISTEN keep the direct {@code dbUrl}
 */
public record AtriumConfig(
        String dbUrl,
        String dbUser,
        String dbPassword,
        Path dataDir,
        String host,
        int port,
        int maxPageSize,
        boolean secureCookies,
        int httpInstances,
        int drainSeconds,
        String dbPoolUrl) {

    /** The default drain: 30 s, what an orchestrator usually allows between SIGTERM and SIGKILL. */
    public static final int DEFAULT_DRAIN_SECONDS = 30;

    public AtriumConfig(
            String dbUrl,
            String dbUser,
            String dbPassword,
            Path dataDir,
            String host,
            int port,
            int maxPageSize,
            boolean secureCookies,
            int httpInstances) {
        this(
                dbUrl,
                dbUser,
                dbPassword,
                dataDir,
                host,
                port,
                maxPageSize,
                secureCookies,
                httpInstances,
                DEFAULT_DRAIN_SECONDS,
                null);
    }

    /**
     * Production defaults: the HTTP server listens on loopback only (a reverse proxy with TLS in front,
     * or {@code ATRIUM_HOST=0.0.0.0} on purpose) and session cookies are {@code Secure}.
     */
    public static AtriumConfig load() {
        return load(false);
    }

    /**
     * @param demo the demo's defaults: still loopback only, but cookies without {@code Secure}, so the
     *             demo works over plain HTTP from any browser
     */
    public static AtriumConfig load(boolean demo) {
        Properties file = new Properties();
        Path path = Path.of(env("ATRIUM_CONFIG", "atrium.properties"));
        if (Files.isRegularFile(path)) {
            try (InputStream in = Files.newInputStream(path)) {
                file.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read config file " + path + ": " + e.getMessage(), e);
            }
        }
        return new AtriumConfig(
                value(file, "ATRIUM_DB_URL", "db.url", null),
                value(file, "ATRIUM_DB_USER", "db.user", "postgres"),
                value(file, "ATRIUM_DB_PASSWORD", "db.password", ""),
                Path.of(value(file, "ATRIUM_DATA_DIR", "data.dir", "data")),
                value(file, "ATRIUM_HOST", "http.host", "127.0.0.1"),
                Integer.parseInt(value(file, "ATRIUM_PORT", "http.port", "8080")),
                Integer.parseInt(value(file, "ATRIUM_MAX_PAGE_SIZE", "api.maxPageSize", "500")),
                Boolean.parseBoolean(value(file, "ATRIUM_SECURE_COOKIES", "http.secureCookies", String.valueOf(!demo))),
                Integer.parseInt(value(
                        file,
                        "ATRIUM_HTTP_INSTANCES",
                        "http.instances",
                        String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors())))),
                Integer.parseInt(value(
                        file, "ATRIUM_DRAIN_SECONDS", "http.drainSeconds", String.valueOf(DEFAULT_DRAIN_SECONDS))),
                value(file, "ATRIUM_DB_POOL_URL", "db.poolUrl", null));
    }

    public AtriumConfig withHost(String newHost) {
        return new AtriumConfig(
                dbUrl,
                dbUser,
                dbPassword,
                dataDir,
                newHost,
                port,
                maxPageSize,
                secureCookies,
                httpInstances,
                drainSeconds,
                dbPoolUrl);
    }

    /** One line on where the server listens and how sessions are protected, with the settings to change it. */
    public String listeningSummary(int boundPort) {
        String where = host.equals("0.0.0.0") || host.equals("::")
                ? "on every network interface, port " + boundPort
                : "on " + host + ":" + boundPort + " only (ATRIUM_HOST=0.0.0.0 accepts other machines)";
        String cookies = secureCookies
                ? "session cookies are Secure: serve it over HTTPS (a reverse proxy with TLS) or from localhost"
                : "session cookies are not Secure (ATRIUM_SECURE_COOKIES=true once it is served over HTTPS)";
        return "Listening " + where + "; " + cookies + ".";
    }

    public AtriumConfig withPort(int newPort) {
        return new AtriumConfig(
                dbUrl,
                dbUser,
                dbPassword,
                dataDir,
                host,
                newPort,
                maxPageSize,
                secureCookies,
                httpInstances,
                drainSeconds,
                dbPoolUrl);
    }

    public AtriumConfig withDrainSeconds(int seconds) {
        return new AtriumConfig(
                dbUrl,
                dbUser,
                dbPassword,
                dataDir,
                host,
                port,
                maxPageSize,
                secureCookies,
                httpInstances,
                seconds,
                dbPoolUrl);
    }

    public AtriumConfig withPoolUrl(String url) {
        return new AtriumConfig(
                dbUrl,
                dbUser,
                dbPassword,
                dataDir,
                host,
                port,
                maxPageSize,
                secureCookies,
                httpInstances,
                drainSeconds,
                url);
    }

    public AtriumConfig withDataDir(Path dir) {
        return new AtriumConfig(
                dbUrl,
                dbUser,
                dbPassword,
                dir,
                host,
                port,
                maxPageSize,
                secureCookies,
                httpInstances,
                drainSeconds,
                dbPoolUrl);
    }

    public AtriumConfig withDb(String url, String user, String password) {
        return new AtriumConfig(
                url,
                user,
                password,
                dataDir,
                host,
                port,
                maxPageSize,
                secureCookies,
                httpInstances,
                drainSeconds,
                dbPoolUrl);
    }

    private static String value(Properties file, String envName, String key, String dflt) {
        String v = System.getenv(envName);
        if (v != null && !v.isBlank()) return v;
        return file.getProperty(key, dflt);
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
