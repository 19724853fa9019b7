package dev.atrium.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;

/**
 * Starts the embedded PostgreSQL the way a server people keep real data in must run: PostgreSQL's durable
 * defaults ({@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on; the embedded
 * library turns fsync off), listening on loopback only, and every connection authenticated with a
 * password generated at first start and kept in the data directory ({@code pg-password}, readable by its
 * owner only). A data directory an earlier version created with trust authentication is converted on its
 * first start: the password is set and {@code pg_hba.conf} rewritten before anything else connects.
 */
final class EmbeddedDatabase {
    static final String USER = "postgres";
    static final String PASSWORD_FILE = "pg-password";

    private static final String HBA = """
            # Written by Atrium: loopback only, every connection with the password in ../pg-password.
            local   all   all                 scram-sha-256
            host    all   all   127.0.0.1/32  scram-sha-256
            host    all   all   ::1/128       scram-sha-256
            """;

    private EmbeddedDatabase() {}

    /** A started server and the password its superuser needs. */
    record Started(EmbeddedPostgres server, String password) {}

    static Started start(Path dataDir) throws IOException {
        String password = password(dataDir);
        Path pg = dataDir.resolve("pg");
        Path pwfile = Files.createTempFile(dataDir, "initdb-", ".pw");
        try {
            Files.writeString(pwfile, password, StandardCharsets.UTF_8);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(pg)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dataDir.resolve("pg-runtime").toFile())
                    // initdb of a new data directory: the password, and password authentication everywhere
                    .setLocaleConfig("pwfile", pwfile.toAbsolutePath().toString())
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setConnectConfig("password", password)
                    // these follow the library's -F on the command line, so they win
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("lock_timeout", "0")
                    .start();
            try {
                secure(server, pg, password);
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
            return new Started(server, password);
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    /** The password kept in the data directory, generated at first start. */
    static String password(Path dataDir) throws IOException {
        Path file = dataDir.resolve(PASSWORD_FILE);
        if (Files.isRegularFile(file))
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path tmp = dataDir.resolve(PASSWORD_FILE + ".tmp");
        Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
        restrict(tmp);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    /** Converts a data directory that still trusts connections; checks that the server is durable. */
    private static void secure(EmbeddedPostgres server, Path pg, String password) throws IOException {
        Path hba = pg.resolve("pg_hba.conf");
        String current = Files.readString(hba, StandardCharsets.UTF_8);
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            if (!current.equals(HBA)) {
                try (var ps = c.prepareStatement("SELECT set_config('password_encryption', 'scram-sha-256', false)")) {
                    ps.execute();
                }
                // ALTER ROLE takes no bind parameters; the password is base64url, so it needs no escaping
                if (!password.matches("[A-Za-z0-9_-]+")) throw new IllegalStateException("unexpected password format");
                s.execute("ALTER ROLE " + USER + " WITH PASSWORD '" + password + "'");
                Files.writeString(hba, HBA, StandardCharsets.UTF_8);
                s.execute("SELECT pg_reload_conf()");
            }
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet r = s.executeQuery("SHOW " + setting)) {
                    r.next();
                    if (!"on".equals(r.getString(1))) {
                        throw new IllegalStateException(
                                "embedded PostgreSQL runs with " + setting + " = " + r.getString(1));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot secure the embedded PostgreSQL: " + e.getMessage(), e);
        }
        restrict(pg.resolve("postgresql.conf"));
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's ACL applies
        }
    }
}
