package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.config.AtriumConfig;
import dev.atrium.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL keeps data safely: durable settings, loopback only, and no connection without
 * the password kept in the data directory, also for a data directory an older version created trusting
 * every local connection.
 */
class EmbeddedDatabaseIT {
    static AtriumConfig config(Path dir) {
        return new AtriumConfig(null, "postgres", "", dir, "127.0.0.1", 0, 500, false, 1);
    }

    static Connection connect(String jdbcUrl, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl.replaceAll("\\?.*", ""), p);
    }

    static String show(Connection c, String setting) throws SQLException {
        try (ResultSet r = c.createStatement().executeQuery("SHOW " + setting)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void aNewDataDirectoryIsDurableLoopbackOnlyAndNeedsThePassword() throws Exception {
        Path dir = Path.of("target", "pg-secure-" + UUID.randomUUID());
        String url;
        try (Database db = Database.start(config(dir))) {
            url = db.jdbcUrl();
            Path file = dir.resolve("pg-password");
            assertTrue(Files.isRegularFile(file), "the generated password is kept in the data directory");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String password = Files.readString(file).trim();
            assertTrue(password.length() >= 30, "a long random password");

            SQLException refused = assertThrows(
                    SQLException.class, () -> connect(db.jdbcUrl(), null).close());
            assertTrue(refused.getMessage().contains("password"), refused.getMessage());
            assertThrows(
                    SQLException.class, () -> connect(db.jdbcUrl(), "postgres").close());
            try (Connection c = connect(db.jdbcUrl(), password)) {
                assertEquals("on", show(c, "fsync"));
                assertEquals("on", show(c, "synchronous_commit"));
                assertEquals("on", show(c, "full_page_writes"));
                assertEquals("localhost", show(c, "listen_addresses"));
            }
        }
        try (Database again = Database.start(config(dir))) {
            assertEquals(url.replaceAll("localhost:\\d+", ""), again.jdbcUrl().replaceAll("localhost:\\d+", ""));
            assertThrows(
                    SQLException.class, () -> connect(again.jdbcUrl(), null).close());
        }
    }

    @Test
    void aDataDirectoryThatTrustedEveryConnectionIsConvertedOnItsFirstStart() throws Exception {
        Path dir = Path.of("target", "pg-legacy-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(dir.resolve("pg-runtime"));
        // what earlier versions made: the library's defaults, trust for every local connection
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dir.resolve("pg-runtime").toFile())
                .start()) {
            try (Connection c = legacy.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
            }
        }
        try (Database db = Database.start(config(dir))) {
            assertThrows(SQLException.class, () -> connect(db.jdbcUrl(), null).close(), "trust is gone");
            String password = Files.readString(dir.resolve("pg-password")).trim();
            try (Connection c = connect(db.jdbcUrl(), password);
                    ResultSet r = c.createStatement().executeQuery("SELECT v FROM kept")) {
                r.next();
                assertEquals("still here", r.getString(1), "the data survived the conversion");
                assertEquals("on", show(c, "fsync"));
            }
        }
    }
}
