package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.atrium.TestPlatform.Api;
import dev.atrium.config.AtriumConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node whose pool reaches PostgreSQL through PgBouncer in transaction mode (24 client connections on 3
 * server connections), while migrations and LISTEN stay direct: organisations, deployments (DDL with
 * transaction-level advisory locks), records, lists, workflows and metadata announced by another node all
 * work, and PgBouncer counts the transactions it carried.
 */
class PgBouncerIT {
    static Process bouncer;
    static Platform pooled;
    static int bouncerPort;

    @BeforeAll
    static void start() throws Exception {
        Path binary = Path.of("/usr/sbin/pgbouncer");
        if (!Files.isExecutable(binary)) {
            if ("true".equals(System.getenv("CI"))) fail("pgbouncer is required under CI (.ci/run installs it)");
            Assumptions.abort("pgbouncer is not installed (apt-get install pgbouncer)");
        }
        Platform first = TestPlatform.get();
        URI direct = URI.create(first.database().jdbcUrl().substring("jdbc:".length()));
        Path dir = Files.createTempDirectory("pgbouncer");
        // PgBouncer started as root runs as nobody, which reads its configuration here
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        bouncerPort = freePort();
        Path ini = dir.resolve("pgbouncer.ini");
        Files.writeString(
                ini,
                String.join(
                        "\n",
                        "[databases]",
                        "atrium = host=127.0.0.1 port=" + direct.getPort() + " dbname=postgres user="
                                + first.database().user() + " password="
                                + first.database().password(),
                        "[pgbouncer]",
                        "listen_addr = 127.0.0.1",
                        "listen_port = " + bouncerPort,
                        "unix_socket_dir =",
                        "auth_type = any",
                        "pool_mode = transaction",
                        "default_pool_size = 3",
                        "max_client_conn = 200",
                        "admin_users = postgres",
                        "ignore_startup_parameters = extra_float_digits",
                        ""));
        ini.toFile().setReadable(true, false);
        var command = new java.util.ArrayList<String>(java.util.List.of(binary.toString()));
        // PgBouncer will not run as root; it drops to nobody when started as root
        if ("root".equals(System.getProperty("user.name"))) command.addAll(java.util.List.of("-u", "nobody"));
        command.add(ini.toString());
        bouncer = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        for (int i = 0; i < 100 && !listening(bouncerPort); i++) Thread.sleep(50);
        assertTrue(listening(bouncerPort), "pgbouncer started: " + Files.readString(dir.resolve("stdout.log")));
        AtriumConfig c =
                TestPlatform.secondNode().withPoolUrl("jdbc:postgresql://127.0.0.1:" + bouncerPort + "/atrium");
        pooled = Platform.start(c);
        pooled.serve();
    }

    @AfterAll
    static void stop() {
        if (pooled != null) pooled.close();
        if (bouncer != null) bouncer.destroy();
    }

    @Test
    void everythingWorksThroughAPoolerInTransactionMode() throws Exception {
        long before = transactions();
        Platform p = pooled;
        Api admin = TestPlatform.tenantWithAdmin(p, "bouncer");
        JsonObject entity = new JsonObject("""
                {"name": "visit", "titleField": "place", "fields": [
                  {"name": "place", "type": "text", "required": true},
                  {"name": "rating", "type": "integer"}],
                 "workflows": [{"name": "flag", "on": ["create"], "actions": [
                  {"type": "update", "values": {"rating": 5}}]}]}""");
        var deployed = admin.deploy(new JsonObject().put("entities", new JsonArray().add(entity)));
        assertEquals(201, deployed.status(), deployed.body());
        for (int i = 0; i < 30; i++) {
            var r = admin.post("/api/v1/records/visit", new JsonObject().put("place", "Place " + i));
            assertEquals(201, r.status(), r.body());
        }
        var list = admin.get("/api/v1/records/visit?filter=place%20like%20%27Place%201%25%27&sort=place&count=true");
        assertEquals(200, list.status(), list.body());
        assertEquals(11, list.json().getInteger("total"), "Place 1 and Place 10..19");
        p.blocking(() -> {
            p.audit().chain().sealPending();
            p.dispatcher().dispatch();
            return p.jobs().runReady();
        });
        TestPlatform.drainJobs(admin.tenant.id());
        var flagged = admin.get("/api/v1/records/visit?filter=rating%20%3D%205&count=true")
                .json();
        assertEquals(30, flagged.getInteger("total"), "every workflow ran: " + flagged);

        // a field deployed on the direct node is announced (LISTEN is direct) and used through the pooler
        Api direct = new Api(TestPlatform.get().port(), admin.token());
        entity.getJsonArray("fields").add(new JsonObject().put("name", "note").put("type", "text"));
        assertEquals(
                201,
                direct.deploy(new JsonObject().put("entities", new JsonArray().add(entity)))
                        .status());
        var noted = admin.post(
                "/api/v1/records/visit", new JsonObject().put("place", "Later").put("note", "new"));
        assertEquals(201, noted.status(), noted.body());
        assertTrue(transactions() - before >= 60, "PgBouncer carried the node's transactions");
    }

    /** PgBouncer's own count of transactions carried for the atrium database (its admin console). */
    private static long transactions() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            SqlConnection admin = io.vertx.pgclient.PgConnection.connect(
                            vertx,
                            new PgConnectOptions()
                                    .setHost("127.0.0.1")
                                    .setPort(bouncerPort)
                                    .setDatabase("pgbouncer")
                                    .setUser("postgres"))
                    .await(10, TimeUnit.SECONDS);
            for (Row r : admin.query("SHOW STATS").execute().await(10, TimeUnit.SECONDS)) {
                if ("atrium".equals(r.getString("database"))) return r.getLong("total_xact_count");
            }
            return 0;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static boolean listening(int port) {
        try (var s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
