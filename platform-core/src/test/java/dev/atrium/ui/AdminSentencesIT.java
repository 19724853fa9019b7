package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Admin screens answer in sentences and tables, not JSON: the permission explainer (object, record picked by
 * name, field; people by name, never an id), the hand-over preview, a rule tested against a real record, and
 * a deployment plan with the index names behind "database details".
 */
class AdminSentencesIT {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-");
    private static final JsonObject ACCOUNTS = new JsonObject()
            .put(
                    "entities",
                    new JsonObject()
                            .put(
                                    "account",
                                    new JsonObject()
                                            .put("read", true)
                                            .put("create", true)
                                            .put("edit", true)
                                            .put(
                                                    "fields",
                                                    new JsonObject().put("*", new JsonObject().put("edit", true)))));

    @Test
    void explainerHandoverRuleTestAndPlanInWords() {
        Api api = TestPlatform.tenantWithAdmin("sentences");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        AnalyticsJourneyIT.created(api, "account", new JsonObject().put("name", "Acme Admin-owned"));
        String set = api.post(
                        "/api/v1/access/permission-sets",
                        new JsonObject().put("name", "accounts").put("definition", ACCOUNTS))
                .json()
                .getString("id");
        String olga = "olga@" + api.slug + ".test";
        assertEquals(
                201,
                api.post(
                                "/api/v1/users",
                                new JsonObject()
                                        .put("email", olga)
                                        .put("displayName", "Olga Petrova")
                                        .put("password", TestPlatform.PASSWORD)
                                        .put("permissionSets", new JsonArray().add(set)))
                        .status());
        Api asOlga = new Api(
                TestPlatform.get().port(),
                new Api(TestPlatform.get().port(), null)
                        .loginSession(api.slug, olga, TestPlatform.PASSWORD)
                        .getString("token"));
        AnalyticsJourneyIT.created(asOlga, "account", new JsonObject().put("name", "Olga One"));
        AnalyticsJourneyIT.created(asOlga, "account", new JsonObject().put("name", "Olga Two"));

        try (Browser b = new Browser(TestPlatform.get().port(), 1440, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);

            // why can't Olga see the admin's account?
            b.go("#/admin/users");
            b.find("tr[data-user='" + olga + "'] td:last-child button.small").click();
            b.select("#explain-entity", "account");
            pick(b, "#explain-record", "Acme");
            b.select("#explain-field", "name");
            b.click(".modal button[type='submit']");
            String answer = b.waitText("#explain-out", "Olga Petrova").getText();
            assertTrue(answer.contains("Olga Petrova cannot see Acme Admin-owned."), answer);
            assertTrue(answer.contains("the owner, Admin,"), "the owner by name: " + answer);
            assertFalse(UUID.matcher(answer).find(), "no ids: " + answer);
            b.screenshot("52-explainer");
            b.find(".modal")
                    .findElement(By.xpath(".//button[not(@type='submit')][last()]"))
                    .click();
            b.waitGone("dialog");

            // what would move if Olga left?
            b.find("tr[data-user='" + olga + "'] .deactivate").click();
            new org.openqa.selenium.support.ui.Select(b.find("#successor")).selectByVisibleText(api.email);
            b.find(".modal .buttons button:first-child").click();
            String preview = b.waitText(".handover-out", "Accounts").getText();
            assertTrue(preview.contains("2 records move to " + api.email), preview);
            assertTrue(b.find("#handover-preview").getText().contains("2"), preview);
            b.find(".modal .buttons button:last-child").click();
            b.waitGone("dialog");

            // a validation rule tested against a real record
            b.go("#/admin/rules/account");
            b.click("#new-rule");
            WebElement rule = b.all(".rule").get(b.all(".rule").size() - 1);
            WebElement code = rule.findElement(By.cssSelector(".rule-source"));
            code.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            code.sendKeys("if (record.name.startsWith('Olga')) error('name', 'Not Olga again'); return true;");
            rule.findElement(By.cssSelector("details:not(.script-help) summary"))
                    .click();
            String picker = "#"
                    + rule.findElement(By.cssSelector(".lookup-input input")).getAttribute("id");
            pick(b, picker, "Olga One");
            b.until(d -> rule.findElement(By.cssSelector("textarea[id^='sample-']"))
                    .getDomProperty("value")
                    .contains("Olga One"));
            rule.findElement(By.cssSelector("details:not(.script-help) button.small"))
                    .click();
            String verdict = b.until(d -> {
                String text = rule.findElement(By.cssSelector(".test-out")).getText();
                return text.isBlank() ? null : text;
            });
            assertTrue(
                    verdict.contains("This save would be refused") && verdict.contains("Name: Not Olga again"),
                    verdict);
            rule.findElement(By.cssSelector(".script-help summary")).click();
            assertTrue(
                    rule.findElement(By.cssSelector(".script-help")).getText().contains("error(field, message)"));

            // a new indexed field: the plan speaks of the field; the index is a database detail
            b.go("#/admin/objects/account");
            b.click("#new-field");
            b.type("#field-label", "Tax number");
            b.click("#field-indexed");
            b.click("#field-save");
            String steps = b.find(".plan .steps").getText();
            assertTrue(steps.contains("tax_number"), steps);
            assertFalse(steps.toLowerCase().contains("index"), "index names are details: " + steps);
            b.find("#plan-details summary").click();
            assertTrue(b.find("#plan-details").getText().toLowerCase().contains("index"));
            assertEquals(List.of(), b.consoleErrors(), "console errors on the admin screens");
        }
    }

    /** Types into a record picker and picks the one suggestion that answers the typing. */
    private static void pick(Browser b, String css, String text) {
        WebElement box = b.find(css);
        box.click();
        box.sendKeys(text);
        try {
            b.until(d -> {
                List<WebElement> options = b.all(css + "-list:not(.stale) li");
                return options.size() == 1 && options.get(0).getText().contains(text);
            });
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "the picker never offered " + text + ": "
                            + b.js("return document.querySelector(arguments[0]).outerHTML", css + "-list"),
                    e);
        }
        box.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
        b.until(d -> box.getDomProperty("value").startsWith(text));
    }
}
