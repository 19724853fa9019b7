package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The opportunity board: every column loads its own cards (25, then "Load more": nothing is silently cut off),
 * shows its count and the sum of its amounts, cards show the amount and carry no dropdown, and a focused card
 * moves with Shift+→ through the write path (a transition the state machine refuses snaps back, counts intact).
 */
class KanbanIT {
    @Test
    void columnsCountSumLoadMoreAndMoveFromTheKeyboard() {
        Api api = TestPlatform.tenantWithAdmin("kanban");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        String account = AnalyticsJourneyIT.created(api, "account", new JsonObject().put("name", "Board Co"));
        for (int i = 0; i < 27; i++) AnalyticsJourneyIT.deal(api, account, "Prospect " + i, "prospect", 1000);
        AnalyticsJourneyIT.deal(api, account, "Qualified", "qualification", 5000);
        String won = AnalyticsJourneyIT.deal(api, account, "Signed", "won", 7000);

        try (Browser b = new Browser(TestPlatform.get().port(), 1440, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            // the list asks only for the fields it shows (its columns), not the twenty the entity has
            b.go("#/l/opportunity");
            b.until(d -> b.all(".list-body tbody tr").size() == 29);
            assertEquals(List.of("name,account,contact,stage,amount,probability"), askedFields(b));
            b.js("performance.clearResourceTimings()");
            b.go("#/l/opportunity?mode=kanban");
            String prospect = ".column[data-value='prospect']";
            String qualification = ".column[data-value='qualification']";
            b.waitText(prospect + " .col-count", "27");
            b.waitText(prospect + " .col-sum", "$27,000.00");
            b.waitText(qualification + " .col-sum", "$5,000.00");
            assertEquals("29 records", b.find(".page-head .count").getText());
            assertEquals(25, b.all(prospect + " .card").size(), "the first page of the column");
            assertEquals(0, b.all(".kanban .card select").size(), "no dropdown on a card");
            assertEquals("$1,000.00", b.find(prospect + " .card .amount").getText());

            b.click(prospect + " .more");
            b.until(d -> b.all(prospect + " .card").size() == 27);
            assertFalse(b.all(prospect + " .more").get(0).isDisplayed(), "nothing more to load");

            WebElement first = b.find(prospect + " .card");
            String id = first.getAttribute("data-id");
            b.js("arguments[0].focus()", first);
            first.sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_RIGHT));
            b.find(qualification + " .card[data-id='" + id + "']");
            b.until(d -> "qualification"
                    .equals(api.get("/api/v1/records/opportunity/" + id).json().getString("stage")));
            b.waitText(qualification + " .col-count", "2");
            b.waitText(prospect + " .col-count", "26");
            b.waitText(qualification + " .col-sum", "$6,000.00");
            assertEquals(id, b.js("return document.activeElement.dataset.id"), "the moved card keeps the focus");

            // won → lost is not a transition the state machine allows: the card snaps back with the reason
            String wonCard = ".column[data-value='won'] .card[data-id='" + won + "']";
            b.js("arguments[0].focus()", b.find(wonCard));
            b.find(wonCard).sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_RIGHT));
            b.waitText(wonCard + " .error", "");
            b.find(wonCard);
            assertEquals("1", b.find(".column[data-value='won'] .col-count").getText());
            assertEquals(
                    "won", api.get("/api/v1/records/opportunity/" + won).json().getString("stage"));
            // each column's page asked for the board's fields: the list's, with the stage and the amount
            List<String> asked = askedFields(b);
            assertFalse(asked.isEmpty());
            for (String fields : asked) {
                assertEquals(
                        Set.of("name", "account", "contact", "stage", "amount", "probability"),
                        Set.of(fields.split(",")),
                        fields);
            }
            b.screenshot("43-kanban");
            assertEquals(List.of(), b.consoleErrors(), "console errors on the board");

            // a list showing a money formula (no currency of its own) also asks for the record's amounts
            JsonObject entity = api.get("/api/v1/metadata/entities/opportunity").json();
            JsonObject ui = entity.getJsonObject("ui", new JsonObject());
            entity.put(
                    "ui",
                    ui.put(
                            "list",
                            new JsonObject()
                                    .put("columns", new JsonArray().add("name").add("weighted_amount"))));
            var deployed = api.deploy(new JsonObject().put("entities", new JsonArray().add(entity)));
            assertEquals(201, deployed.status(), deployed.body());
            b.js("performance.clearResourceTimings()");
            b.open("#/l/opportunity");
            b.until(d -> b.all(".list-body tbody tr").size() == 29);
            assertEquals(List.of("name,weighted_amount,amount"), askedFields(b));
        }
    }

    /** The {@code fields} parameter of every opportunity page the browser has fetched, in order. */
    private static List<String> askedFields(Browser b) {
        Object urls = b.js("return performance.getEntriesByType('resource').map(r => r.name)"
                + ".filter(n => n.includes('/api/v1/records/opportunity?'))"
                + ".map(n => new URL(n).searchParams.get('fields'))");
        return ((List<?>) urls).stream().map(String::valueOf).toList();
    }
}
