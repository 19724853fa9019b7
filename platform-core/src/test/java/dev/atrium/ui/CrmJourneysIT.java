package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A salesperson on a phone-width screen: converts a lead into the account that already exists, is warned
 * of a likely duplicate contact before saving it, and merges two duplicate accounts from the list.
 */
class CrmJourneysIT {
    static Api api;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("crmui");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
    }

    static String create(String entity, JsonObject body) {
        var r = api.post("/api/v1/records/" + entity, body);
        assertEquals(201, r.status(), r.body());
        return r.json().getString("id");
    }

    static JsonObject get(String entity, String id) {
        return api.get("/api/v1/records/" + entity + "/" + id).json();
    }

    static int count(String entity, String filter) {
        return api.get("/api/v1/records/" + entity + "?count=true&filter="
                        + URLEncoder.encode(filter, StandardCharsets.UTF_8))
                .json()
                .getInteger("total");
    }

    @Test
    void convertALeadIntoTheAccountThatExists() {
        String account = create(
                "account", new JsonObject().put("name", "Sierra Robotics").put("phone", "+34 611 222 333"));
        String lead = create(
                "lead",
                new JsonObject()
                        .put("name", "Lucia Vidal")
                        .put("company", "Sierra Robotics")
                        .put("email", "lucia@sierra.test")
                        .put("phone", "611 222 333")
                        .put("status", "working"));
        try (Browser b = new Browser(TestPlatform.get().port(), 390, 844)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/r/lead/" + lead);
            b.click("[data-conversion='convert']");
            b.waitText(".convert-target[data-target='account']", "Sierra Robotics");
            assertTrue(
                    b.find(".convert-target[data-target='account'] input[value='" + account + "']")
                            .isSelected(),
                    "the likely existing account is chosen first");
            b.screenshot("lead-convert-phone");
            b.clickForToast("#convert-go", "Converted");
            b.until(d -> d.getCurrentUrl().contains("#/r/account/" + account));
            b.go("#/r/lead/" + lead);
            b.until(d -> b.find("[data-conversion='convert']").getAttribute("disabled") != null);
            assertEquals(List.of(), b.consoleErrors(), "no script errors");
        }
        JsonObject converted = get("lead", lead);
        assertEquals("converted", converted.getString("status"));
        assertEquals(account, converted.getString("converted_account"));
        assertEquals(
                account,
                get("contact", converted.getString("converted_contact")).getString("account"));
        assertEquals(1, count("account", "name = 'Sierra Robotics'"), "no second account was created");
    }

    @Test
    void aLikelyDuplicateContactIsShownBeforeSaving() {
        String existing = create(
                "contact",
                new JsonObject()
                        .put("first_name", "Mikhail")
                        .put("last_name", "Orlov")
                        .put("email", "m.orlov@ural.test"));
        try (Browser b = new Browser(TestPlatform.get().port(), 390, 844)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/r/contact/new");
            b.type("#f-first_name", "Misha");
            b.type("#f-last_name", "Orlov2");
            b.type("#f-email", "M.Orlov@ural.test ");
            b.click("#save");
            b.waitText("#duplicates", "Orlov");
            assertTrue(
                    b.find("#duplicates a").getAttribute("href").endsWith("#/r/contact/" + existing),
                    "the notice links the likely duplicate");
            assertEquals(1, count("contact", "last_name = 'Orlov'"), "nothing is saved while the notice shows");
            b.screenshot("duplicate-notice-phone");
            b.clickForToast("#save-anyway", "Created");
            assertEquals(List.of(), b.consoleErrors(), "no script errors");
        }
        assertEquals(1, count("contact", "last_name = 'Orlov2'"), "saved after Save anyway");
    }

    @Test
    void mergeTwoDuplicateAccountsFromTheList() {
        String keep = create("account", new JsonObject().put("name", "Baikal Foods"));
        String dup = create("account", new JsonObject().put("name", "Baikal Foods Ltd"));
        String contact =
                create("contact", new JsonObject().put("last_name", "Sokolova").put("account", dup));
        try (Browser b = new Browser(TestPlatform.get().port(), 390, 844)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/l/account");
            b.click("input[aria-label='Baikal Foods']");
            b.click("input[aria-label='Baikal Foods Ltd']");
            b.click("#merge");
            b.click("input[name='survivor'][value='" + keep + "']");
            b.screenshot("merge-phone");
            b.clickForToast("#merge-go", "Merged");
            b.until(d -> d.getCurrentUrl().contains("#/r/account/" + keep));
            assertEquals(List.of(), b.consoleErrors(), "no script errors");
        }
        assertEquals(keep, get("contact", contact).getString("account"));
        assertEquals(404, api.get("/api/v1/records/account/" + dup).status());
    }

    @Test
    void anAccountShowsItsPlaceInTheHierarchy() {
        String group = create("account", new JsonObject().put("name", "Nordwind Holding"));
        String country = create(
                "account", new JsonObject().put("name", "Nordwind Iberia").put("parent_account", group));
        String branch = create(
                "account", new JsonObject().put("name", "Nordwind Madrid").put("parent_account", country));
        create("account", new JsonObject().put("name", "Nordwind Porto").put("parent_account", country));
        try (Browser b = new Browser(TestPlatform.get().port(), 390, 844)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/r/account/" + country);
            b.click("#tab-hierarchy");
            b.waitText("#hierarchy", "Nordwind Madrid");
            String tree = b.find("#hierarchy").getText();
            assertTrue(
                    tree.indexOf("Nordwind Holding") < tree.indexOf("Nordwind Iberia")
                            && tree.indexOf("Nordwind Iberia") < tree.indexOf("Nordwind Madrid")
                            && tree.contains("Nordwind Porto"),
                    "the parent above, the subsidiaries below: " + tree);
            assertEquals(
                    "Nordwind Iberia", b.find("#hierarchy li.current > strong").getText());
            b.click("#hierarchy a[href$='" + branch + "']");
            b.until(d -> d.getCurrentUrl().endsWith("#/r/account/" + branch));
            assertEquals(List.of(), b.consoleErrors(), "no script errors");
        }
    }
}
