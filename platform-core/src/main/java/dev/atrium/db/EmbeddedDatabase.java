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
    /** The port the server last listened on: reused when free. */
    static final String PORT_FILE = "pg-port";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddedDatabase.class);

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
        stopOrphan(pg);
        Path portFile = dataDir.resolve(PORT_FILE);
        Path pwfile = Files.createTempFile(dataDir, "initdb-", ".pw");
        try {
            Files.writeString(pwfile, password, StandardCharsets.UTF_8);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            // the same port as last time, when it is free: other nodes and tools keep their address
            int last = Files.isRegularFile(portFile)
                    ? parsePort(Files.readString(portFile).trim())
                    : -1;
            if (last > 0 && free(last)) builder.setPort(last);
            EmbeddedPostgres server = builder.setDataDirectory(pg)
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
                Files.writeString(portFile, server.getPort() + "\n", StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
            return new Started(server, password);
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    /**
     * A PostgreSQL still running on this data directory although no Atrium holds it (the Atrium that
     * started it was killed): stopped first, with a fast shutdown (its open transactions roll back; every
     * committed one is kept), so that this start owns the server it starts. Another node still using it
     * sees it gone for the seconds of the restart, on the same port.
     */
    private static void stopOrphan(Path pg) throws IOException {
        Path pidFile = pg.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) return;
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        ProcessHandle orphan =
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
        String command = orphan == null ? "" : orphan.info().command().orElse("");
        // a stale file (PostgreSQL handles that itself), or the number reused by another program
        if (orphan == null || !command.endsWith("/postgres")) return;
        LOG.warn("a PostgreSQL left running on {} by an Atrium that did not stop (pid {}) is stopped first", pg, pid);
        // SIGINT is PostgreSQL's fast shutdown (pg_ctl refuses to run as root, as containers often are)
        Process signal = new ProcessBuilder("kill", "-INT", String.valueOf(pid))
                .redirectErrorStream(true)
                .start();
        try {
            signal.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            orphan.onExit().get(90, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the PostgreSQL left running", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the PostgreSQL left running (pid " + pid + ") did not stop within 90 s", e);
        }
    }

    private static int parsePort(String s) {
        return s.matches("\\d{1,5}") ? Integer.parseInt(s) : -1;
    }

    private static boolean free(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("localhost", port));
            return true;
        } catch (IOException inUse) {
            return false;
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
