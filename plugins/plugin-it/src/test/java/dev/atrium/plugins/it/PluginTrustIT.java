package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.plugin.testkit.PluginHarness;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Uploads the host must refuse, each with a reason a person can act on, leaving nothing behind. */
class PluginTrustIT {
    static PluginHarness h;
    static final String CLASS = "dev/atrium/plugins/localeids/Checksums.class";

    @BeforeAll
    static void start() {
        h = PluginHarness.start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static void refused(byte[] jar, String... words) throws Exception {
        var r = h.api().upload(jar);
        assertEquals(422, r.status(), r.body());
        assertEquals(
                "application/problem+json",
                r.headers().firstValue("content-type").orElse("").split(";")[0]);
        for (String w : words)
            assertTrue(
                    r.json().getString("detail").contains(w),
                    "expected \"" + w + "\" in: " + r.json().getString("detail"));
        Path dir = h.platform().pluginHost().config().dir();
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "a refused upload leaves nothing in the plugin directory");
        }
        assertTrue(h.api().get("/api/v1/plugins").json().getJsonArray("data").isEmpty());
    }

    @Test
    void notAJar() throws Exception {
        refused("hello".getBytes(StandardCharsets.UTF_8), "not a jar");
        refused(new byte[0], "empty");
    }

    @Test
    void unsignedJarsAreRefusedOutsideDevMode() throws Exception {
        refused(Jars.unsigned("locale-ids"), "not signed", "trust store");
    }

    @Test
    void aChangedClassIsCaught() throws Exception {
        byte[] signed = Jars.bytes("locale-ids");
        byte[] cls = Jars.entry(signed, CLASS);
        cls[cls.length - 3] ^= 0x01;
        refused(Jars.rewrite(signed, Map.of(CLASS, cls)), "changed after it was signed");
    }

    @Test
    void anAddedEntryIsCaught() throws Exception {
        refused(
                Jars.rewrite(
                        Jars.bytes("locale-ids"),
                        Map.of("dev/atrium/plugins/localeids/Extra.class", new byte[] {(byte) 0xCA, (byte) 0xFE})),
                "not covered by the signature");
    }

    @Test
    void aRemovedEntryIsCaught() throws Exception {
        refused(
                Jars.rewrite(Jars.bytes("locale-ids"), java.util.Collections.singletonMap(CLASS, null)),
                "was signed but is missing");
    }

    @Test
    void aJarSignedByAnUnknownKeyIsRefused() throws Exception {
        refused(
                Jars.signedByStranger(Jars.unsigned("locale-ids")),
                "Someone else",
                "not in the platform's plugin trust store");
    }

    @Test
    void pathsThatEscapeAreRefused() throws Exception {
        byte[] base = Jars.unsigned("locale-ids");
        refused(Jars.rewrite(base, Map.of("../../outside.txt", new byte[] {1})), "points outside the plugin");
        refused(Jars.rewrite(base, Map.of("/etc/cron.d/evil", new byte[] {1})), "unsafe path");
        refused(Jars.rewrite(base, Map.of("dev\\..\\..\\evil", new byte[] {1})), "unsafe path");
        refused(
                Jars.asSymlink(
                        Jars.rewrite(base, Map.of("link", "/etc/passwd".getBytes(StandardCharsets.UTF_8))), "link"),
                "symbolic link");
    }

    @Test
    void descriptorsAreChecked() throws Exception {
        refused(Jars.withManifest(Map.of("Plugin-Version", "1.0.0"), Map.of()), "Plugin-Id");
        refused(
                Jars.withManifest(Map.of("Plugin-Id", "../../etc", "Plugin-Version", "1.0.0"), Map.of()),
                "Plugin-Id",
                "invalid");
        refused(Jars.withManifest(Map.of("Plugin-Id", "nice", "Plugin-Version", "one"), Map.of()), "semantic version");
        refused(
                Jars.withManifest(
                        Map.of("Plugin-Id", "future", "Plugin-Version", "1.0.0", "Plugin-Requires", ">=9.0.0"),
                        Map.of()),
                "requires Atrium >=9.0.0",
                "this platform is 0.1.0");
        refused(
                Jars.withManifest(
                        Map.of(
                                "Plugin-Id",
                                "needy",
                                "Plugin-Version",
                                "1.0.0",
                                "Plugin-Dependencies",
                                "billing@>=2.0.0"),
                        Map.of()),
                "requires the plugin billing (>=2.0.0)",
                "not installed");
    }

    @Test
    void onlyAdministratorsManagePlugins() throws Exception {
        var p = h.platform();
        p.blocking(() -> p.auth().createUser(h.tenant(), "user@acme.test", "User", PluginHarness.PASSWORD, false));
        var anon = h.api().anonymous();
        var login = anon.send(
                "POST",
                "/api/v1/auth/login",
                new JsonObject()
                        .put("tenant", "acme")
                        .put("email", "user@acme.test")
                        .put("password", PluginHarness.PASSWORD)
                        .encode(),
                "application/json",
                null,
                null);
        String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        var r = anon.send("GET", "/api/v1/plugins", null, null, cookie, null);
        assertEquals(403, r.status());
        assertEquals(
                401,
                anon.sendBytes("POST", "/api/v1/plugins", Jars.bytes("locale-ids"), "application/java-archive")
                        .status());
    }
}
