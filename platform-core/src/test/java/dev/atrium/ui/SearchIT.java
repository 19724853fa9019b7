package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Global search: suggestions while typing at a person's pace, each saying why it matched (the field and the
 * words around the match); another form of a Russian word finds the record; Chinese text matches inside a
 * longer phrase; Enter on a suggestion opens the record.
 */
class SearchIT {
    @Test
    void suggestionsSnippetsAndWordForms() {
        Api api = TestPlatform.tenantWithAdmin("search");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        String moscow = AnalyticsJourneyIT.created(
                api,
                "account",
                new JsonObject()
                        .put("name", "Московский дом")
                        .put("description", "Крупнейшее агентство: продажа и аренда недвижимость в центре города"));
        AnalyticsJourneyIT.created(
                api, "account", new JsonObject().put("name", "北京华夏国际贸易有限公司").put("description", "进出口贸易"));

        var api1 = api.get("/api/v1/search?q="
                + java.net.URLEncoder.encode("недвижимости", java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, api1.status(), api1.body());
        var found = api1.json().getJsonArray("results");
        assertEquals(1, found.size(), "another form of the word finds it: " + found);
        JsonObject hit = found.getJsonObject(0);
        assertEquals("description", hit.getString("matched"));
        assertTrue(hit.getString("snippet").contains("недвижимость"), hit.encode());

        try (Browser b = new Browser(TestPlatform.get().port(), 1440, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            WebElement box = b.find("#global-search");
            for (char c : "аренда".toCharArray()) box.sendKeys(String.valueOf(c)); // a person's pace, key by key
            String shown = b.waitText("#global-search-list", "Московский дом").getText();
            assertTrue(shown.contains("Description: ") && shown.contains("аренда"), "why it matched: " + shown);
            box.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
            b.until(d -> d.getCurrentUrl().endsWith("#/r/account/" + moscow));

            box = b.find("#global-search");
            box.clear();
            box.sendKeys("华夏国际", Keys.ENTER);
            String results = b.waitText(".search-results", "北京华夏国际贸易有限公司").getText();
            assertFalse(results.contains("Московский"), results);
            assertEquals(List.of(), b.consoleErrors(), "console errors while searching");
        }
    }
}
