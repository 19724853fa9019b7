package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.Platform;
import dev.atrium.TestPlatform;
import dev.atrium.auth.Principal;
import dev.atrium.demo.DemoData;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The crm-core template with the demo's sample data, screen by screen in Chromium: every object's list,
 * its first record and that record's edit form render (every field type of the template, real data)
 * without a script error or a Content-Security-Policy violation.
 */
class CrmCoreScreensIT {
    @Test
    void everyObjectsListRecordAndFormRender() throws java.io.IOException {
        TestPlatform.Api api = TestPlatform.tenantWithAdmin("crm");
        Platform p = TestPlatform.get();
        JsonObject me = api.get("/api/v1/auth/session").json().getJsonObject("user");
        UUID admin = UUID.fromString(me.getString("id"));
        TestPlatform.installPackage(p, api.tenant, "crm-core", admin);
        int records = p.blocking(() -> new DemoData(
                        p, api.tenant, new Principal(admin, api.tenant.id(), api.email, "Admin", true, "en", null))
                .load());
        assertTrue(records > 1000, "sample data loaded: " + records);
        List<String> entities = new ArrayList<>();
        for (Object o : api.get("/api/v1/metadata/entities").json().getJsonArray("data"))
            entities.add(((JsonObject) o).getString("name"));
        long shipped;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("../industry-templates/crm-core/entities"))) {
            shipped = files.count();
        }
        assertEquals(shipped, entities.size(), "every entity of the package is installed: " + entities);

        try (Browser b = new Browser(p.port(), 1280, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            assertTrue(
                    b.find("nav.side").getText().toLowerCase().contains("sales"), "crm-core's apps in the navigation");
            for (String e : entities) {
                b.go("#/l/" + e);
                b.until(d -> !b.all("main table.records").isEmpty()
                        || !b.all("main .empty").isEmpty());
                if (!b.all("main table.records tbody tr td:nth-child(2) a").isEmpty()) {
                    String href = b.attribute("main table.records tbody tr td:nth-child(2) a", 0, "href");
                    b.go(href.substring(href.indexOf('#')));
                    b.find("main .details");
                    b.go(href.substring(href.indexOf('#')) + "/edit");
                    b.find("main form.record-form");
                }
                assertEquals(List.of(), b.consoleErrors(), "console errors on " + e);
            }
            b.go("#/l/opportunity?mode=kanban");
            b.find(".kanban .column");
            b.select("#kanban-by", "source");
            b.until(d -> b.all(".kanban .column").stream().anyMatch(c -> "web".equals(c.getAttribute("data-value"))));
            b.go("#/l/task?mode=calendar");
            b.find(".calendar");
            b.go("#/r/account/"
                    + api.get("/api/v1/records/account?limit=1")
                            .json()
                            .getJsonArray("data")
                            .getJsonObject(0)
                            .getString("id"));
            b.click("#tab-timeline");
            b.find(".timeline");
            b.click("#tab-related");
            b.find(".related");
            b.screenshot("30-crm-account-related");
            String accountName = b.find(".page-head h1").getText();
            b.all(".related").stream()
                    .filter(x -> x.getText().startsWith("Contacts"))
                    .findFirst()
                    .orElseThrow()
                    .findElement(org.openqa.selenium.By.cssSelector("a.button"))
                    .click();
            b.until(d -> accountName.equals(b.find("#f-account").getAttribute("value")));
            b.type("#f-last_name", "Related-Newcomer");
            b.click("#save");
            b.waitText(".page-head h1", "Related-Newcomer");
            assertTrue(
                    b.find("[data-field='account'] dd").getText().contains(accountName),
                    "the contact was created under the account");
            assertEquals(List.of(), b.consoleErrors(), "console errors on kanban, calendar, timeline, related");
        }
    }
}
