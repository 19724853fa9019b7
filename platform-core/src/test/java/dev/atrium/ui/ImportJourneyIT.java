package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An administrator in Chromium imports a customer list: the columns are mapped from the headers, one row
 * fails with its reason, the downloaded error file is fixed and imported again, and the first import is
 * undone, leaving exactly the fixed row.
 */
class ImportJourneyIT {
    static Api api;
    static final String THUMB_LOADED = "const i = document.querySelector('#attachment-list img.thumb');"
            + " return !!i && i.complete && i.naturalWidth > 0;";

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("impui");
        var r = api.deploy(new JsonObject("""
                {"entities": [{"name": "client", "titleField": "name", "fields": [
                  {"name": "name", "type": "text", "required": true, "label": {"en": "Name"}},
                  {"name": "code", "type": "text", "unique": true, "label": {"en": "Code"}},
                  {"name": "revenue", "type": "decimal", "label": {"en": "Revenue"}},
                  {"name": "signed_contract", "type": "file", "label": {"en": "Signed contract"}}]}]}"""));
        assertEquals(201, r.status(), r.body());
    }

    static long count(String filter) {
        return api.get("/api/v1/records/client?count=true&limit=1&filter="
                        + URLEncoder.encode(filter, StandardCharsets.UTF_8))
                .json()
                .getLong("total");
    }

    @Test
    void attachAFileAndAnImageToARecordAndDownloadTheFile() throws Exception {
        String id = api.post(
                        "/api/v1/records/client",
                        new JsonObject().put("name", "Fabrikam").put("code", "F1"))
                .json()
                .getString("id");
        Path dir = Files.createTempDirectory("atrium-attach");
        Path contract = dir.resolve("contract-2026.txt");
        Files.writeString(contract, "Fabrikam agrees to pay on time.");
        Path logo = dir.resolve("logo.png");
        Files.write(logo, dev.atrium.AttachmentIT.PNG);
        try (Browser b = new Browser(TestPlatform.get().port(), 390, 844)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/r/client/" + id);
            b.click("#tab-attachments");
            b.find("#attach-file").sendKeys(contract + "\n" + logo);
            b.waitText("#attachment-list", "contract-2026.txt");
            b.waitText("#attachment-list", "logo.png");
            b.until(d -> Boolean.TRUE.equals(b.js(THUMB_LOADED)));
            b.screenshot("41-attachments-phone");
            b.all("#attachment-list a.file-name").stream()
                    .filter(a -> a.getText().equals("contract-2026.txt"))
                    .findFirst()
                    .orElseThrow()
                    .click();
            Path got = b.downloaded("contract-2026.txt");
            assertEquals("Fabrikam agrees to pay on time.", Files.readString(got));

            // a file field: chosen in the form (stored with the record's files), shown on the record page
            b.go("#/r/client/" + id + "/edit");
            b.find("#f-signed_contract").sendKeys(contract.toString());
            b.waitText("[data-field='signed_contract'] .file-current", "contract-2026.txt");
            b.click("#save");
            b.waitText("[data-field='signed_contract'] a.file-link", "contract-2026.txt");
            assertEquals(
                    3,
                    api.get("/api/v1/records/client/" + id + "/attachments")
                            .json()
                            .getJsonArray("data")
                            .size());
            assertEquals(List.of(), b.consoleErrors(), "no script errors");
        }
    }

    @Test
    void importFixTheErrorFileReimportAndUndo() throws Exception {
        Path dir = Files.createTempDirectory("atrium-import");
        Path csv = dir.resolve("clients.csv");
        Files.writeString(csv, "Name,Code,Revenue\nNorthwind,N1,1200.50\nContoso,C1,830\nBroken Ltd,B1,plenty\n");
        try (Browser b = new Browser(TestPlatform.get().port(), 1280, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/l/client");
            b.click("#import");
            b.find("#import-file").sendKeys(csv.toString());
            b.find("#import-mapping");
            assertEquals("name", b.attribute("#map-0", 0, "value"));
            assertEquals("revenue", b.attribute("#map-2", 0, "value"));
            b.waitText("#import-preview", "plenty");
            assertEquals("true", b.attribute("#imp-workflows", 0, "checked"), "workflows run unless switched off");
            b.js("window.scrollTo(0, 0)");
            b.screenshot("40-import-mapping");
            b.click("#import-start");
            b.waitText("#import-status", "2 created, 0 updated, 1 failed");
            b.click("#import-errors");
            Path errors = b.downloaded(".csv");
            String content = Files.readString(errors);
            assertTrue(content.contains("Broken Ltd,B1,plenty,") && content.contains("not a number"), content);

            Path fixed = dir.resolve("fixed.csv");
            Files.writeString(fixed, content.replace("plenty", "99"));
            b.go("#/import/client");
            b.find("#import-file").sendKeys(fixed.toString());
            b.find("#import-mapping");
            b.click("#import-start");
            b.waitText("#import-status", "1 created, 0 updated, 0 failed");
            assertEquals(3, count("code in ('N1', 'C1', 'B1')"));

            b.go("#/import/client");
            b.waitText(".import-recent", "clients.csv");
            b.all(".import-recent button").stream()
                    .filter(x -> x.getText().equals("clients.csv"))
                    .findFirst()
                    .orElseThrow()
                    .click();
            b.clickForToast("#import-undo", "Undone: 2 records");
            assertEquals(1, count("code in ('N1', 'C1', 'B1')"), "only the fixed row is left");
            assertEquals(1, count("code = 'B1' and revenue = 99"));
            assertEquals(List.of(), b.consoleErrors(), "no script errors");
        }
    }
}
