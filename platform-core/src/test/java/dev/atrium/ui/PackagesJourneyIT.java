package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.Platform;
import dev.atrium.TestPlatform;
import dev.atrium.metadata.packages.PackageFiles;
import dev.atrium.metadata.packages.PackageReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An administrator on a phone installs a package and upgrades crm-core from the Packages page: the plan
 * shows first, the one real conflict waits for a choice (Apply stays disabled until it is made), and the
 * customer's label survives.
 */
class PackagesJourneyIT {
    static Platform platform;
    static TestPlatform.Api api;

    @BeforeAll
    static void setUp() {
        platform = TestPlatform.isolated();
        api = TestPlatform.tenantWithAdmin(platform, "phone");
    }

    @AfterAll
    static void tearDown() {
        platform.close();
    }

    static void publish(Map<String, String> files) {
        platform.blocking(() -> {
            platform.packages().catalog().add(platform.pool(), PackageReader.read(files), null);
            return null;
        });
    }

    @Test
    void installAndUpgradeFromThePackagesPageKeepTheCustomersLabel() {
        Map<String, String> core = new TreeMap<>(PackageFiles.directory(Path.of("../industry-templates/crm-core")));
        core.put("package.json", core.get("package.json").replace("\"1.2.0\"", "\"1.3.0\""));
        core.put(
                "entities/account.json",
                core.get("entities/account.json").replace("\"es\": \"Nombre\"", "\"es\": \"Razón social\""));
        publish(core);
        Map<String, String> notes = new TreeMap<>();
        notes.put("package.json", """
                {"id": "field-notes", "version": "1.0.0", "label": {"en": "Field notes"}}""");
        notes.put("entities/field_note.json", """
                {"id": "ent_field_note", "name": "field_note", "label": {"en": "Field note"},
                 "fields": [{"id": "fld_fn_text", "name": "text", "type": "text"}]}""");
        publish(notes);
        assertEquals(
                200,
                api.post("/api/v1/packages/crm-core/install", new JsonObject().put("version", "1.2.0"))
                        .status());
        JsonObject account = api.get("/api/v1/metadata/entities/account").json();
        account.remove("access");
        for (Object f : account.getJsonArray("fields")) {
            JsonObject field = (JsonObject) f;
            if (field.getString("name").equals("name"))
                field.getJsonObject("label").put("es", "Nombre de la cuenta");
        }
        assertEquals(
                201,
                api.deploy(new JsonObject().put("entities", new JsonArray().add(account)))
                        .status());

        try (Browser b = new Browser(platform.port(), 390, 844)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/admin/packages");
            b.click("[data-package='field-notes'] [data-action='install']");
            b.waitText(".package-plan", "field_note");
            b.clickForToast("[data-action='apply']", "field-notes 1.0.0");
            b.waitText("[data-package='field-notes']", "1.0.0");

            b.click("[data-package='crm-core'] [data-action='upgrade']");
            String label = "/entities/ent_account/fields[fld_4643d37d]/label/es";
            b.waitText(".plan-decisions", "Nombre de la cuenta");
            assertTrue(
                    b.find("[data-action='apply']").getAttribute("disabled") != null,
                    "Apply waits until every item is decided");
            b.click(".plan-decisions li[data-path='" + label + "'] input[value='tenant']");
            b.until(d -> b.find("[data-action='apply']").getAttribute("disabled") == null);
            b.screenshot("packages-upgrade-plan-phone");
            b.clickForToast("[data-action='apply']", "crm-core 1.3.0");
            b.waitText("[data-package='crm-core']", "1.3.0");
            assertEquals(List.of(), b.consoleErrors(), "no script errors");
        }
        JsonObject after = api.get("/api/v1/metadata/entities/account").json();
        for (Object f : after.getJsonArray("fields")) {
            JsonObject field = (JsonObject) f;
            if (field.getString("name").equals("name")) {
                assertEquals(
                        "Nombre de la cuenta",
                        field.getJsonObject("label").getString("es"),
                        "the choice made in the browser kept the customer's label");
            }
        }
        assertEquals(200, api.get("/api/v1/records/field_note").status(), "the installed package's entity is live");
    }
}
