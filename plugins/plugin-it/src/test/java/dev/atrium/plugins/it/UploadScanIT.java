package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.plugin.testkit.PluginHarness;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An enabled upload scanner sees every attachment before it is stored: a file it refuses is a 422 naming
 * the plugin, a scanner that throws or hangs refuses the file too (502), and neither leaves a file
 * behind; with the plugin disabled, the same file is stored.
 */
class UploadScanIT {
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    @Test
    void aScannerRefusesInfectedFilesAndFailsClosed() throws Exception {
        try (PluginHarness h = PluginHarness.start(
                new PluginHarness.Options(Duration.ofSeconds(1), false), Jars.of("test-plugins/faulty"))) {
            var api = h.api();
            h.deploy(new JsonObject("""
                    {"name": "gadget", "fields": [{"name": "name", "type": "text"}]}"""));
            String id = api.post("/api/v1/records/gadget", new JsonObject().put("name", "fine"))
                    .json()
                    .getString("id");
            assertEquals(
                    200,
                    api.post("/api/v1/plugins/faulty/enable", new JsonObject().put("grantAccess", true))
                            .status());
            String files = "/api/v1/records/gadget/" + id + "/attachments";

            assertEquals(201, upload(api, files, "clean.txt", "hello").status());
            var infected = upload(api, files, "invoice.pdf", EICAR);
            assertEquals(422, infected.status(), infected.body());
            assertTrue(infected.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertEquals("upload-refused", infected.json().getString("type").replaceAll(".*/", ""));
            assertEquals("faulty", infected.json().getString("plugin"));
            assertTrue(infected.json().getString("detail").contains("EICAR test virus"), infected.body());

            var threw = upload(api, files, "throw.txt", "anything");
            assertEquals(502, threw.status(), threw.body());
            var hung = upload(api, files, "hang.txt", "anything");
            assertEquals(502, hung.status(), hung.body());
            assertEquals(
                    1,
                    api.get(files).json().getJsonArray("data").size(),
                    "only the clean file is stored: a refused or unscanned file leaves nothing");

            assertEquals(
                    200,
                    api.post("/api/v1/plugins/faulty/disable", new JsonObject()).status());
            assertEquals(201, upload(api, files, "invoice.pdf", EICAR).status(), "no scanner, no refusal");
        }
    }

    private static PluginHarness.Res upload(PluginHarness.Api api, String path, String name, String text) {
        return api.sendBytes("POST", path + "?name=" + name, text.getBytes(StandardCharsets.ISO_8859_1), "text/plain");
    }
}
