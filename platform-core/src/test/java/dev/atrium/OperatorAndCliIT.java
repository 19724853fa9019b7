package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import dev.atrium.cli.AtriumCli;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Organisations as a platform operator creates them: with the first administrator and packages, all or
 * nothing, through the API and from the command line while the server runs on the same data directory.
 */
class OperatorAndCliIT {
    static String slug(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 6);
    }

    static Api operator() {
        Api admin = TestPlatform.tenantWithAdmin("ops");
        Platform p = TestPlatform.get();
        UUID id = p.blocking(() -> p.auth().userId(admin.tenant, admin.email));
        p.blocking(() -> {
            p.auth().setOperator(id, true);
            return null;
        });
        return admin;
    }

    @Test
    void operatorsCreateOrganisationsWithTheirAdministratorAndPackagesAllOrNothing() {
        Api plainAdmin = TestPlatform.tenantWithAdmin("plain");
        assertEquals(403, plainAdmin.get("/api/v1/operator/tenants").status(), "a tenant administrator is no operator");
        Api op = operator();
        String slug = slug("clinic");
        JsonObject body = new JsonObject()
                .put("slug", slug)
                .put("name", "Clinic")
                .put(
                        "admin",
                        new JsonObject().put("email", "boss@" + slug + ".test").put("password", TestPlatform.PASSWORD))
                .put("packages", new JsonArray().add(new JsonObject().put("id", "crm-core")));
        Res created = op.post("/api/v1/operator/tenants", body);
        assertEquals(201, created.status(), created.body());
        assertEquals(
                "1.2.0",
                created.json().getJsonArray("packages").getJsonObject(0).getString("to"));

        JsonObject login = new Api(TestPlatform.get().port(), null)
                .loginSession(slug, "boss@" + slug + ".test", TestPlatform.PASSWORD);
        Api boss = new Api(TestPlatform.get().port(), login.getString("token"));
        assertEquals(200, boss.get("/api/v1/records/account").status(), "the new organisation has crm-core");
        assertEquals(404, op.get("/api/v1/records/account").status(), "the operator's own organisation is untouched");

        String failing = slug("broken");
        Res refused = op.post(
                "/api/v1/operator/tenants",
                body.copy()
                        .put("slug", failing)
                        .put(
                                "packages",
                                new JsonArray()
                                        .add(new JsonObject().put("id", "crm-core"))
                                        .add(new JsonObject().put("id", "no-such-package"))));
        assertEquals(404, refused.status(), refused.body());
        String listed = op.get("/api/v1/operator/tenants").body();
        assertTrue(listed.contains(slug) && listed.contains("crm-core"), listed);
        assertFalse(listed.contains(failing), "a package that cannot install leaves no organisation behind");
        Res retry = op.post("/api/v1/operator/tenants", body.copy().put("slug", failing));
        assertEquals(201, retry.status(), "the slug is free again: " + retry.body());

        Res unknown = op.post(
                "/api/v1/operator/tenants", body.copy().put("slug", slug("x")).put("plan", "gold"));
        assertEquals(422, unknown.status(), unknown.body());
        assertEquals(
                "/plan", unknown.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }

    private static String cli(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new AtriumCli()).execute(args);
            return code + "\n" + buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
        }
    }

    @Test
    void theCommandLineWorksBesideARunningServerOnItsDataDirectory() throws Exception {
        Platform p = TestPlatform.get();
        String data = p.config().dataDir().toString();
        String slug = slug("cli");
        String created = cli(
                "tenant",
                "create",
                slug,
                "--data-dir",
                data,
                "--admin-email",
                "a@" + slug + ".test",
                "--admin-password",
                TestPlatform.PASSWORD,
                "--package",
                "crm-core@1.2.0");
        assertTrue(created.startsWith("0\n") && created.contains("crm-core 1.2.0"), created);
        String list = cli("package", "list", "--tenant", slug, "--data-dir", data);
        assertTrue(list.startsWith("0\n") && list.matches("(?s).*crm-core\\s+1\\.2\\.0.*"), list);

        Path dir = Files.createTempDirectory(Path.of("target"), "pkg");
        Files.createDirectories(dir.resolve("extensions"));
        Files.writeString(dir.resolve("package.json"), """
                {"id": "cli-extra", "version": "1.0.0", "requires": {"packages": {"crm-core": "^1.0.0"}}}""");
        Files.writeString(dir.resolve("extensions/account.json"), """
                {"entity": "account", "fields": [{"name": "vat_note", "type": "text"}]}""");
        String unreadable = cli("package", "validate", dir.toString());
        assertTrue(unreadable.startsWith("1\n"), "a field without an id is refused: " + unreadable);
        String ids = cli("package", "ids", dir.toString());
        assertTrue(ids.contains("added 1 id(s)"), ids);
        assertTrue(cli("package", "validate", dir.toString()).startsWith("0\n"));

        String dry = cli("package", "install", dir.toString(), "--tenant", slug, "--data-dir", data, "--dry-run");
        assertTrue(dry.startsWith("0\n") && dry.contains("would install") && dry.contains("vat_note"), dry);
        String installed = cli("package", "install", dir.toString(), "--tenant", slug, "--data-dir", data);
        assertTrue(installed.startsWith("0\n") && installed.contains("installed"), installed);
        String again = cli("package", "upgrade", "cli-extra", "--all-tenants", "--data-dir", data);
        assertTrue(
                again.startsWith("0\n") && again.contains("already at 1.0.0"),
                "a repeated or resumed upgrade skips organisations already there: " + again);
        var fields = p.blocking(() -> p.metadata()
                .snapshot(p.tenants().bySlug(slug).orElseThrow().id())
                .entity("account")
                .orElseThrow()
                .field("vat_note"));
        assertTrue(fields.isPresent(), "the running server sees what the command line deployed");

        // a file imported from the command line, as an administrator, with the failed rows written out
        Path csv = dir.resolve("accounts.csv");
        Files.writeString(csv, "Name,Phone\nCli One,+34 600 000 001\n,+34 600 000 002\nCli Two,+34 600 000 003\n");
        Path failed = dir.resolve("failed.csv");
        String imported = cli(
                "import",
                "--tenant",
                slug,
                "--as",
                "a@" + slug + ".test",
                "--entity",
                "account",
                "--file",
                csv.toString(),
                "--errors",
                failed.toString(),
                "--data-dir",
                data);
        assertTrue(imported.startsWith("2\n") && imported.contains("done, 2 created, 0 updated, 1 failed"), imported);
        assertTrue(Files.readString(failed).contains("+34 600 000 002")
                && Files.readString(failed).contains("name"));
        String id = imported.replaceAll("(?s).*Import ([0-9a-f-]{36}): done.*", "$1");
        String resumed =
                cli("import", "--tenant", slug, "--as", "a@" + slug + ".test", "--resume", id, "--data-dir", data);
        assertTrue(resumed.contains("done, 2 created"), "a finished import resumed changes nothing: " + resumed);
        String missing = cli(
                "import",
                "--tenant",
                slug,
                "--as",
                "a@" + slug + ".test",
                "--entity",
                "account",
                "--file",
                dir.resolve("nope.csv").toString(),
                "--data-dir",
                data);
        assertTrue(missing.startsWith("1\n"), missing);

        // the organisation (crm-core and the imported accounts) written to an archive and restored beside it
        Path archive = dir.resolve("org.zip");
        String exported = cli("tenant", "export", slug, "--file", archive.toString(), "--data-dir", data);
        assertTrue(exported.startsWith("0\n") && Files.size(archive) > 0, exported);
        String moved = slug + "_moved";
        String restored = cli("tenant", "restore", moved, "--file", archive.toString(), "--data-dir", data);
        assertTrue(restored.startsWith("0\n") && restored.contains("\"records/account\":2"), restored);
        var movedTenant = p.tenants().bySlug(moved).orElseThrow();
        assertEquals(
                p.blocking(() -> p.metadata()
                        .snapshot(p.tenants().bySlug(slug).orElseThrow().id())
                        .entities()
                        .size()),
                p.blocking(
                        () -> p.metadata().snapshot(movedTenant.id()).entities().size()),
                "every object of the package");
        String twice = cli("tenant", "restore", moved, "--file", archive.toString(), "--data-dir", data);
        assertTrue(twice.startsWith("1\n"), "an existing organisation is never overwritten: " + twice);
    }
}
