package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A record's story in words: the field history names who changed what, shows related records by name and
 * money as money (never a column name, an id or "$NaN"), the timeline says "Admin changed Account and Amount",
 * a currency formula reads as money, and a count of one is "1 record".
 */
class ReadableRecordsIT {
    @Test
    void historyTimelineAndMoneyReadAsSentences() {
        Api api = TestPlatform.tenantWithAdmin("readable");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        String northwind = AnalyticsJourneyIT.created(api, "account", new JsonObject().put("name", "Northwind"));
        String contoso = AnalyticsJourneyIT.created(api, "account", new JsonObject().put("name", "Contoso"));
        String deal = AnalyticsJourneyIT.created(
                api,
                "opportunity",
                new JsonObject()
                        .put("name", "Fleet renewal")
                        .put("account", northwind)
                        .put("stage", "proposal")
                        .put("amount", new JsonObject().put("amount", 50000).put("currency", "EUR"))
                        .put("close_date", "2026-12-20"));
        var changed = api.patch(
                "/api/v1/records/opportunity/" + deal,
                new JsonObject()
                        .put("account", contoso)
                        .put("amount", new JsonObject().put("amount", 64000).put("currency", "USD")),
                null);
        assertEquals(200, changed.status(), changed.body());

        try (Browser b = new Browser(TestPlatform.get().port(), 1440, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/l/opportunity");
            b.waitText(".list-body", "Fleet renewal");
            assertEquals("1 record", b.find(".page-head .count").getText(), "one, in the singular");

            b.go("#/r/opportunity/" + deal);
            b.waitText("#main", "Fleet renewal");
            String weighted = b.find("[data-field='weighted_amount']").getText();
            assertTrue(weighted.contains("$"), "a currency formula shows as money: " + weighted);

            b.click("#tab-history");
            String history = b.waitText("#field-history", "Contoso").getText();
            for (String expected : List.of("Changed by", "Old value", "New value", "Account", "Amount", "Northwind")) {
                assertTrue(history.contains(expected), expected + " in\n" + history);
            }
            assertTrue(history.contains("€50,000.00") && history.contains("$64,000.00"), history);
            assertTrue(history.contains("Admin"), "who made the change: " + history);
            b.screenshot("46-field-history");
            for (String leak : List.of("NaN", "__", northwind, contoso, "←", "→")) {
                assertFalse(history.contains(leak), leak + " leaked into\n" + history);
            }

            b.click("#tab-timeline");
            String timeline = b.waitText(".timeline", "changed").getText();
            assertTrue(timeline.contains("Admin changed Account and Amount"), timeline);
            assertTrue(timeline.contains("Admin created it"), timeline);
            assertFalse(timeline.contains("update:"), timeline);
            assertEquals(List.of(), b.consoleErrors(), "console errors on the history and timeline");
        }
    }

    @Test
    void anAmountInAnotherCurrencyShowsItsCorporateValueAndRollUpsAddUpInIt() {
        Api api = TestPlatform.tenantWithAdmin("fxui");
        assertEquals(201, api.deploy(new JsonObject("""
                        {"entities": [
                          {"name": "fund", "titleField": "name", "fields": [{"name": "name", "type": "text"},
                            {"name": "pledged", "type": "rollup", "returns": "currency",
                             "rollup": {"function": "sum", "entity": "pledge", "via": "fund", "field": "amount"}}]},
                          {"name": "pledge", "titleField": "donor", "fields": [{"name": "donor", "type": "text"},
                            {"name": "fund", "type": "lookup", "target": "fund"},
                            {"name": "amount", "type": "currency"}]}]}""")).status());
        assertEquals(
                200,
                api.put("/api/v1/currencies", new JsonObject().put("corporate", "EUR"))
                        .status());
        assertEquals(
                200, api.post("/api/v1/currencies/rates", new JsonObject("""
                        {"rates": [{"code": "USD", "validFrom": "2026-01-01", "rate": 1.25}]}""")).status());
        String fund = AnalyticsJourneyIT.created(api, "fund", new JsonObject().put("name", "Roof"));
        AnalyticsJourneyIT.created(
                api,
                "pledge",
                new JsonObject()
                        .put("donor", "Ana")
                        .put("fund", fund)
                        .put("amount", new JsonObject().put("amount", 100).put("currency", "EUR")));
        String usd = AnalyticsJourneyIT.created(
                api,
                "pledge",
                new JsonObject()
                        .put("donor", "Bob")
                        .put("fund", fund)
                        .put("amount", new JsonObject().put("amount", 250).put("currency", "USD")));
        try (Browser b = new Browser(TestPlatform.get().port(), 1280, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/r/pledge/" + usd);
            String amount = b.waitText("[data-field='amount']", "$250.00").getText();
            assertTrue(amount.contains("≈ €200.00"), "both amounts: " + amount);
            b.go("#/r/fund/" + fund);
            String pledged = b.waitText("[data-field='pledged']", "€").getText();
            assertTrue(pledged.contains("€300.00"), "100 EUR and 250 USD add up to 300 EUR: " + pledged);
            assertEquals(List.of(), b.consoleErrors());
        }
    }
}
