package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * The app on a 360 px phone with crm-core: no screen is wider than the phone (nothing scrolls sideways),
 * search opens over the header at full width, lists read as cards, and the person's own menu (settings,
 * sign out) is in the navigation drawer.
 */
class PhoneIT {
    private static final String WIDEST = "return Math.max(window.innerWidth, document.documentElement.scrollWidth)";
    /** The deepest elements whose right edge is past the screen: what a failure message names. */
    private static final String CULPRIT = "return [...document.querySelectorAll('#main *, header *')]"
            + ".filter(e => e.getBoundingClientRect().right > 361 && ![...e.children].some("
            + "c => c.getBoundingClientRect().right > 361)).slice(0, 3)"
            + ".map(e => e.tagName + '.' + e.className + '#' + e.id + ' '"
            + " + Math.round(e.getBoundingClientRect().right))"
            + ".join(', ')";

    @Test
    void everyScreenFitsA360PixelPhone() {
        Api api = TestPlatform.tenantWithAdmin("phone");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        String account = api.post(
                        "/api/v1/records/account",
                        new JsonObject()
                                .put("name", "Phonecorp International Holdings with a Long Name")
                                .put("website", "https://example.com/a/very/long/path/that/should/wrap/on/a/phone"))
                .json()
                .getString("id");
        try (Browser b = new Browser(TestPlatform.get().port(), 360, 740)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            List<String> wide = new ArrayList<>();
            for (String page : List.of(
                    "#/",
                    "#/l/account",
                    "#/r/account/" + account,
                    "#/r/account/" + account + "/edit",
                    "#/r/opportunity/new",
                    "#/reports",
                    "#/reports/opportunity/pipeline_funnel",
                    "#/dashboards",
                    "#/dashboards/opportunity/sales_overview",
                    "#/import/account",
                    "#/admin/objects",
                    "#/admin/users",
                    "#/admin/packages")) {
                b.go(page);
                b.find("#main > *");
                b.until(d -> !b.find("#main").getText().equals("…"));
                // a phone widens its layout viewport to fit content that overflows: both widths must stay 360
                long width = ((Number) b.js(WIDEST)).longValue();
                if (width > 360) wide.add(page + " is " + width + " px wide: " + b.js(CULPRIT));
            }
            assertEquals(List.of(), wide, "nothing scrolls sideways on a phone");

            b.go("#/l/account");
            b.waitText(".list-body", "Phonecorp");
            String display =
                    (String) b.js("return getComputedStyle(document.querySelector('.list-body tbody tr')).display");
            assertEquals("block", display, "a list row reads as a card");
            b.screenshot("42-list-cards-phone");

            b.click("#search-open");
            var search = b.find("#global-search");
            assertTrue(
                    search.getSize().getWidth() > 200,
                    "the search box has room: " + search.getSize().getWidth());
            search.sendKeys("Phonecorp", Keys.ENTER);
            b.waitText(".search-results", "Phonecorp");

            b.click(".menu-toggle");
            b.click("#nav-sign-out");
            b.find("#login-email");
        }
    }
}
