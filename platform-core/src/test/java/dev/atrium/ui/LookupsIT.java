package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Two contacts both called 李明 at different accounts: the picker shows each with a second line (its
 * e-mail) so they can be told apart, names read family-first, and once the opportunity's account is chosen
 * the contact picker offers only that account's contacts, so the wrong 李明 cannot be linked.
 */
class LookupsIT {
    @Test
    void namesakesAreToldApartAndTheContactPickerNarrowsToTheAccount() {
        Api api = TestPlatform.tenantWithAdmin("lookups");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        String huaxia = AnalyticsJourneyIT.created(api, "account", new JsonObject().put("name", "华夏贸易"));
        String changjiang = AnalyticsJourneyIT.created(api, "account", new JsonObject().put("name", "长江物流"));
        String ours = contact(api, huaxia, "li.ming@huaxia.test");
        contact(api, changjiang, "li.ming@changjiang.test");

        try (Browser b = new Browser(TestPlatform.get().port(), 1440, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/r/opportunity/new");
            WebElement contactBox = b.find("#f-contact");
            contactBox.click();
            contactBox.sendKeys("李");
            b.until(d -> b.all("#f-contact-list:not(.stale) li").size() == 2);
            List<String> both = b.all("#f-contact-list li").stream()
                    .map(WebElement::getText)
                    .toList();
            assertTrue(both.stream().allMatch(s -> s.startsWith("李明")), "family name first: " + both);
            assertTrue(
                    both.stream().anyMatch(s -> s.contains("li.ming@huaxia.test"))
                            && both.stream().anyMatch(s -> s.contains("li.ming@changjiang.test")),
                    "a second line tells them apart: " + both);
            contactBox.sendKeys(Keys.ESCAPE);
            contactBox.clear();

            WebElement account = b.find("#f-account");
            account.click();
            account.sendKeys("华夏");
            b.until(d -> b.all("#f-account-list:not(.stale) li").size() == 1);
            account.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
            b.until(d -> "华夏贸易".equals(account.getDomProperty("value")));

            contactBox.click();
            contactBox.sendKeys("李");
            b.until(d -> !b.all("#f-contact-list:not(.stale) li").isEmpty());
            List<String> narrowed = b.all("#f-contact-list li").stream()
                    .map(WebElement::getText)
                    .toList();
            assertEquals(1, narrowed.size(), "only the chosen account's contacts: " + narrowed);
            assertTrue(narrowed.get(0).contains("li.ming@huaxia.test"), narrowed.toString());
            contactBox.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
            b.type("#f-name", "Tea export");
            b.select("#f-stage", "prospect");
            b.click("#save");
            b.waitText(".page-head h1", "Tea export");
            String id =
                    b.driver.getCurrentUrl().substring(b.driver.getCurrentUrl().lastIndexOf('/') + 1);
            assertEquals(
                    ours,
                    api.get("/api/v1/records/opportunity/" + id).json().getString("contact"),
                    "the contact at the chosen account was linked");
            assertEquals(List.of(), b.consoleErrors(), "console errors while picking");
        }
    }

    private static String contact(Api api, String account, String email) {
        return AnalyticsJourneyIT.created(
                api,
                "contact",
                new JsonObject()
                        .put("first_name", "明")
                        .put("last_name", "李")
                        .put("account", account)
                        .put("email", email));
    }
}
