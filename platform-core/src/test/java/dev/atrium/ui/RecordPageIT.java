package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The record page's head: key fields at a glance and the stage path (steps done, the current one, only the
 * transitions the state machine allows clickable, a click moves the record); related lists as compact
 * tables with a count and "View all".
 */
class RecordPageIT {
    @Test
    void headerPathAndRelatedTables() {
        Api api = TestPlatform.tenantWithAdmin("recordpage");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        String account = AnalyticsJourneyIT.created(api, "account", new JsonObject().put("name", "Pathway Inc"));
        String deal = null;
        for (int i = 0; i < 7; i++) {
            deal = AnalyticsJourneyIT.created(
                    api,
                    "opportunity",
                    new JsonObject()
                            .put("name", "Deal " + i)
                            .put("account", account)
                            .put("stage", "proposal")
                            .put("amount", new JsonObject().put("amount", 12000).put("currency", "USD"))
                            .put("close_date", "2026-12-20"));
        }
        String id = deal;

        for (int[] size : new int[][] {{1440, 900}, {390, 844}}) {
            try (Browser b = new Browser(TestPlatform.get().port(), size[0], size[1])) {
                b.login(api.slug, api.email, TestPlatform.PASSWORD);
                b.go("#/r/opportunity/" + id);
                b.waitText(".page-head h1", "Deal 6");
                assertTrue(
                        b.find(".highlights").getText().contains("$12,000.00"),
                        b.find(".highlights").getText());
                assertEquals("Proposal", b.find(".path li.current").getText());
                assertEquals(2, b.all(".path li.done").size(), "prospect and qualification are behind it");
                assertEquals(0, b.all(".path li[data-value='prospect'] button").size(), "not a transition from here");
                assertEquals(1, b.all(".path li[data-value='won'] button").size(), "a transition from here");
                if (size[0] < 500) b.screenshot("47-record-path-phone");
            }
        }
        try (Browser b = new Browser(TestPlatform.get().port(), 1440, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/r/opportunity/" + id);
            b.click(".path li[data-value='negotiation'] button");
            b.waitText(".path li.current", "Negotiation");
            assertEquals(
                    "negotiation",
                    api.get("/api/v1/records/opportunity/" + id).json().getString("stage"));
            b.screenshot("49-record-opportunity");

            b.go("#/r/account/" + account);
            b.waitText(".page-head h1", "Pathway Inc");
            b.click("#tab-related");
            String deals = ".related[data-entity='opportunity']";
            b.waitText(deals + " .col-count", "7");
            assertEquals(5, b.all(deals + " tbody tr").size(), "the first five");
            assertTrue(b.find(deals + " thead").getText().contains("Stage"), "columns of the other object");
            b.screenshot("48-related-tables");
            b.click(deals + " .view-all");
            b.until(d -> b.find(".page-head .count").getText().equals("7 records"));
            assertEquals(List.of(), b.consoleErrors(), "console errors on the record page");
        }
    }
}
