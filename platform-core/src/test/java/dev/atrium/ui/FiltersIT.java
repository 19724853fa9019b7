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
import org.openqa.selenium.support.ui.Select;

/**
 * Filtering a list as a person would: a picklist's values by label, operators in words, a related record
 * found by name, a relative date; the saved view stays selected (and applied) after saving.
 */
class FiltersIT {
    @Test
    void pickValuesByLabelAndKeepTheSavedViewSelected() {
        Api api = TestPlatform.tenantWithAdmin("filters");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        String northwind = AnalyticsJourneyIT.created(api, "account", new JsonObject().put("name", "Northwind"));
        String contoso = AnalyticsJourneyIT.created(api, "account", new JsonObject().put("name", "Contoso"));
        deal(api, northwind, "North proposal", "proposal");
        deal(api, northwind, "North prospect", "prospect");
        deal(api, contoso, "Contoso proposal", "proposal");

        try (Browser b = new Browser(TestPlatform.get().port(), 1440, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/l/opportunity");
            b.waitText(".list-body", "Contoso proposal");
            b.screenshot("53-list");
            b.click(".toolbar button:nth-of-type(1)");
            b.select(".filter-row .flt-field", "stage");
            Select op = new Select(b.find(".filter-row .flt-op"));
            List<String> ops = op.getOptions().stream().map(WebElement::getText).toList();
            assertEquals(List.of("is", "is not", "is empty", "is not empty"), ops, "a picklist's operators, in words");
            Select value = new Select(b.find("#flt-0"));
            assertTrue(value.getOptions().stream().anyMatch(o -> o.getText().equals("Proposal")), "values by label");
            value.selectByVisibleText("Proposal");

            b.click(".filters .buttons button:nth-of-type(1)"); // add a condition: the account, found by name
            b.select(".filter-row:nth-of-type(2) .flt-field", "account");
            WebElement account = b.find("#flt-1");
            account.sendKeys("North");
            // the options answer the typing (not the empty search made on focus): Northwind alone
            b.until(d -> {
                String options = b.find("#flt-1-list:not(.stale)").getText();
                return options.contains("Northwind") && !options.contains("Contoso");
            });
            account.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
            b.until(d -> "Northwind".equals(account.getDomProperty("value"))); // picked, as a person sees it
            b.click("#filter-apply");
            b.until(d -> b.find(".page-head .count").getText().equals("1 record"));
            String shown = b.find(".list-body").getText();
            assertTrue(shown.contains("North proposal"), shown);
            assertFalse(shown.contains("Contoso proposal") || shown.contains("North prospect"), shown);

            b.click(".views button");
            b.type("#view-name", "Northwind proposals");
            b.click(".modal button[type='submit']");
            b.until(d -> "Northwind proposals"
                    .equals(new Select(b.find("#saved-views"))
                            .getFirstSelectedOption()
                            .getText()));
            b.until(d -> b.find(".page-head .count").getText().equals("1 record"));
            assertTrue(b.find(".list-body").getText().contains("North proposal"), "the saved view is applied");

            // a relative date: close dates this month (the deals close on the 20th of this month)
            b.go("#/l/opportunity?t=2");
            b.waitText(".list-body", "Contoso proposal");
            b.click(".toolbar button:nth-of-type(1)");
            b.select(".filter-row .flt-field", "close_date");
            b.select(".filter-row .flt-op", ">");
            b.select("#flt-0", "this_month");
            b.click("#filter-apply");
            b.until(d -> b.find(".page-head .count").getText().equals("0 records"));
            b.select(".filter-row .flt-op", "<=");
            b.select("#flt-0", "this_month");
            b.click("#filter-apply");
            b.until(d -> b.find(".page-head .count").getText().equals("3 records"));
            assertEquals(List.of(), b.consoleErrors(), "console errors while filtering");
        }
    }

    private static void deal(Api api, String account, String name, String stage) {
        AnalyticsJourneyIT.created(
                api,
                "opportunity",
                new JsonObject()
                        .put("name", name)
                        .put("account", account)
                        .put("stage", stage)
                        .put("amount", new JsonObject().put("amount", 1000).put("currency", "USD"))
                        .put(
                                "close_date",
                                java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                                        .withDayOfMonth(20)
                                        .toString()));
    }
}
