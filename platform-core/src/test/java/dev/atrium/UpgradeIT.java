package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.config.AtriumConfig;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * A database written by the previous version of Atrium (an organisation with crm-core and its sample
 * data, made by {@code src/test/upgrade/make-fixture.sh} from that version's commit) is opened by this
 * version: its migrations apply, and the organisation's people sign in, read their records, keep a valid
 * audit chain, write, and deploy.
 */
class UpgradeIT {
    @Test
    void aDatabaseFromThePreviousVersionUpgradesCleanly() throws Exception {
        Platform server = TestPlatform.get();
        String name = "upgrade_" + UUID.randomUUID().toString().substring(0, 8);
        server.blocking(
                () -> server.pool().query("CREATE DATABASE " + name).execute().await());
        String url = server.database().jdbcUrl().replaceFirst("/[^/?]*(\\?.*)?$", "/" + name);
        String previousTop;
        try (Connection c = DriverManager.getConnection(
                        url, server.database().user(), server.database().password());
                Statement s = c.createStatement()) {
            s.execute(fixture());
            previousTop = top(s);
        }
        assertNotNull(previousTop, "the fixture carries the previous version's migration history");

        Platform upgraded = Platform.start(new AtriumConfig(
                url,
                server.database().user(),
                server.database().password(),
                Path.of("target", "it-data-" + UUID.randomUUID()),
                "127.0.0.1",
                0,
                500,
                false,
                1));
        try {
            upgraded.serve();
            try (Connection c = DriverManager.getConnection(
                            url, server.database().user(), server.database().password());
                    Statement s = c.createStatement()) {
                assertTrue(
                        Integer.parseInt(top(s)) > Integer.parseInt(previousTop),
                        "this version's migrations applied after " + previousTop);
                ResultSet failed =
                        s.executeQuery("SELECT count(*) FROM atrium.flyway_schema_history WHERE NOT success");
                failed.next();
                assertEquals(0, failed.getInt(1), "no migration failed");
            }
            Api anon = new Api(upgraded.port(), null);
            Api admin = new Api(
                    upgraded.port(),
                    anon.loginSession("veteran", "admin@veteran.test", "veteran-secret-2026")
                            .getString("token"));
            var accounts = admin.get("/api/v1/records/account?count=true&limit=5");
            assertEquals(200, accounts.status(), accounts.body());
            assertTrue(accounts.json().getInteger("total") > 0, "the sample accounts are there");
            JsonObject verified = admin.get("/api/v1/audit/verify").json();
            assertEquals(true, verified.getBoolean("valid"), verified.encode());
            var created = admin.send(
                    "POST",
                    "/api/v1/records/account",
                    new JsonObject().put("name", "Written after the upgrade").encode(),
                    null,
                    "header:X-Request-Id:after-upgrade-1");
            assertEquals(201, created.status(), created.body());
            var plan = admin.get("/api/v1/metadata/entities/account");
            assertEquals(200, plan.status(), plan.body());
            JsonObject account = plan.json();
            account.getJsonArray("fields")
                    .add(new JsonObject().put("name", "upgraded_at").put("type", "date"));
            var deployed =
                    admin.deploy(new JsonObject().put("entities", new io.vertx.core.json.JsonArray().add(account)));
            assertEquals(201, deployed.status(), deployed.body());
            assertEquals(true, admin.get("/api/v1/audit/verify").json().getBoolean("valid"), "still valid");
        } finally {
            upgraded.close();
        }
    }

    private static String top(Statement s) throws java.sql.SQLException {
        ResultSet r = s.executeQuery(
                "SELECT version FROM atrium.flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank"
                        + " DESC LIMIT 1");
        return r.next() ? r.getString(1) : null;
    }

    private static String fixture() throws java.io.IOException {
        try (InputStream in = UpgradeIT.class.getResourceAsStream("/upgrade/previous.sql.gz")) {
            assertNotNull(in, "src/test/resources/upgrade/previous.sql.gz (make-fixture.sh writes it)");
            return new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
