package dev.atrium.db;

import dev.atrium.config.AtriumConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the platform runs on: an external server ({@code ATRIUM_DB_URL}) or an embedded one
 * whose data lives under the data directory. Starting it also migrates the platform's own tables
 * (Flyway, blocking: call it at start-up, off the event loop).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;
    private final DataDirLock lock;
    /** Where the pool connects, when not to {@link #jdbcUrl}: a pooler in transaction mode. */
    private String poolUrl;

    private Database(String jdbcUrl, String user, String password, EmbeddedPostgres embedded, DataDirLock lock) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.lock = lock;
    }

    /** Connects (or starts the embedded server) and migrates. Blocking. */
    public static Database start(AtriumConfig config) {
        return start(config, false);
    }

    /**
     * @param beside a command-line tool: when a running Atrium holds the data directory, use its embedded
     *               PostgreSQL instead of refusing (a second server is still refused)
     */
    public static Database start(AtriumConfig config, boolean beside) {
        Database db;
        if (config.dbUrl() != null) {
            db = new Database(config.dbUrl(), config.dbUser(), config.dbPassword(), null, null);
            db.poolUrl = config.dbPoolUrl();
        } else {
            db = startEmbedded(config.dataDir(), beside);
        }
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static Database startEmbedded(Path dataDir, boolean beside) {
        try {
            Files.createDirectories(dataDir);
            DataDirLock lock;
            try {
                lock = DataDirLock.acquire(dataDir);
            } catch (IllegalStateException inUse) {
                // a running server owns the directory: a command-line tool uses that server's PostgreSQL
                Database running = beside ? runningServer(dataDir) : null;
                if (running == null) throw inUse;
                return running;
            }
            Files.createDirectories(dataDir.resolve("pg-runtime"));
            try {
                EmbeddedDatabase.Started started = EmbeddedDatabase.start(dataDir);
                EmbeddedPostgres pg = started.server();
                String url = pg.getJdbcUrl(EmbeddedDatabase.USER, "postgres");
                LOG.info(
                        "Embedded PostgreSQL started on port {} with data in {}",
                        pg.getPort(),
                        dataDir.resolve("pg").toAbsolutePath());
                return new Database(url, EmbeddedDatabase.USER, started.password(), pg, lock);
            } catch (IOException | RuntimeException e) {
                lock.close();
                throw new IllegalStateException(
                        "embedded PostgreSQL did not start (data in " + dataDir.toAbsolutePath() + "): "
                                + e.getMessage(),
                        e);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot use data directory " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The embedded PostgreSQL of the Atrium process that holds the data directory, as a client: its port
     * from {@code pg/postmaster.pid}, its password from {@code pg-password}. Null when it is not running.
     */
    private static Database runningServer(Path dataDir) throws IOException {
        Path pid = dataDir.resolve("pg").resolve("postmaster.pid");
        Path password = dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE);
        if (!Files.isRegularFile(pid) || !Files.isRegularFile(password)) return null;
        java.util.List<String> lines = Files.readAllLines(pid);
        if (lines.size() < 4 || !lines.get(3).trim().matches("\\d{1,5}")) return null;
        String url = "jdbc:postgresql://localhost:" + lines.get(3).trim() + "/postgres";
        LOG.info(
                "the data directory is in use by a running Atrium; using its database (port {})",
                lines.get(3).trim());
        return new Database(
                url, EmbeddedDatabase.USER, Files.readString(password).trim(), null, null);
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .schemas("atrium")
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** A connection pool for this database, bound to {@code vertx}. */
    public Pool pool(Vertx vertx, int maxSize) {
        return PgBuilder.pool()
                .with(new PoolOptions()
                        .setMaxSize(maxSize)
                        .setName("atrium-" + System.identityHashCode(this))
                        .setShared(false))
                .connectingTo(poolUrl == null ? connectOptions() : throughPooler())
                .using(vertx)
                .build();
    }

    /**
     * Statements up to this length (a 1,000-field entity's list with formulas) are prepared once per connection
     * (ATRIUM_STATEMENT_CACHE_SQL_LIMIT, characters; default 128 KiB).
     */
    static final int STATEMENT_CACHE_SQL_LIMIT = Integer.getInteger(
            "atrium.statementCacheSqlLimit",
            Integer.parseInt(System.getenv().getOrDefault("ATRIUM_STATEMENT_CACHE_SQL_LIMIT", "131072")));

    /**
     * Through a pooler in transaction mode, each transaction may land on another server connection: no
     * statement is prepared by name, and each is parsed, bound and run in one exchange (the client's
     * "layer 7 proxy" protocol), so no server connection is asked for a statement another one parsed; and
     * nothing outlives a transaction (the platform sets only transaction-local settings and takes only
     * transaction-level advisory locks).
     */
    private PgConnectOptions throughPooler() {
        return options(poolUrl)
                .setUseLayer7Proxy(true)
                .setCachePreparedStatements(false)
                .setPipeliningLimit(1);
    }

    /** The direct connection: migrations, LISTEN, and the pool when no pooler is set. */
    public PgConnectOptions connectOptions() {
        return options(jdbcUrl);
    }

    private PgConnectOptions options(String url) {
        URI uri = URI.create(url.substring("jdbc:".length()));
        String path = uri.getPath();
        String dbName = path == null || path.length() <= 1 ? "postgres" : path.substring(1);
        return new PgConnectOptions()
                .setHost(uri.getHost() == null ? "localhost" : uri.getHost())
                .setPort(uri.getPort() < 0 ? 5432 : uri.getPort())
                .setDatabase(dbName)
                .setUser(user)
                .setPassword(password)
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheMaxSize(1024)
                // the client caches only statements shorter than 2,048 characters unless told otherwise: a
                // record read of an entity with a few dozen fields is longer, and was parsed and planned anew
                // on every request (a 1,000-field list spent 5 ms of the server's CPU on it per page)
                .setPreparedStatementCacheSqlLimit(STATEMENT_CACHE_SQL_LIMIT)
                .setPipeliningLimit(256);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The password of {@link #user()} (the embedded server's generated one), for a second node in tests and tools. */
    public String password() {
        return password;
    }

    public String user() {
        return user;
    }

    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
        if (lock != null) lock.close();
    }
}
