package dev.atrium.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.config.AtriumConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A node killed with {@code kill -9} (a real process, killed for real) leaves its embedded PostgreSQL
 * running and the data directory free: the next start stops that server (everything committed kept) and
 * starts its own on the same port.
 */
class EmbeddedOrphanIT {
    @Test
    void aPostgresLeftByAKilledNodeIsStoppedAndTheNextStartKeepsItsPort() throws Exception {
        Path dir = Path.of("target", "it-data-" + UUID.randomUUID()).toAbsolutePath();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process node = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.atrium.cli.AtriumCli",
                        "serve",
                        "--data-dir",
                        dir.toString(),
                        "--port",
                        "0")
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("running at")) {
                // start-up output
            }
            assertTrue(line != null, "the node started");
        }
        String[] pidFile =
                Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid")).toArray(String[]::new);
        long orphan = Long.parseLong(pidFile[0].trim());
        int port = Integer.parseInt(pidFile[3].trim());
        AtriumConfig config = new AtriumConfig(null, "postgres", "", dir, "127.0.0.1", 0, 500, false, 1);
        String password = Files.readString(dir.resolve("pg-password")).trim();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", password);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)");
        }
        node.destroyForcibly().waitFor();
        assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "kill -9 left PostgreSQL");

        Database second = Database.start(config);
        try {
            assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "the orphan stopped");
            assertEquals(port, URI.create(second.jdbcUrl().substring(5)).getPort(), "the same port as before");
            try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.user(), second.password());
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT x FROM kept")) {
                r.next();
                assertEquals(42, r.getInt(1), "what was committed is there");
            }
        } finally {
            second.close();
            List.of(orphan).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        }
    }
}
